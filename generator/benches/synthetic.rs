//! A synthetic spec for the generation benchmark, built as YAML text.
//!
//! The unit is one resource family: 4 operations (list with paging and an enum filter, create
//! with a union body, get, update) and 10 schemas: a string enum used as the tag, a status enum,
//! a base object with nested inline objects and an inline enum, three variants as allOf chains
//! (one of them two levels deep), the discriminated union of the three, an update request with
//! an array of inline objects, and two envelope responses built with allOf.

/// Operations per `x` of size.
pub const OPS_PER_X: usize = 500;
/// Each unit is one resource: 4 operations and 10 schemas.
pub const OPS_PER_UNIT: usize = 4;
pub const SCHEMAS_PER_UNIT: usize = 10;

const HEAD: &str = r##"openapi: 3.0.3
info:
  title: Synthetic API
  description: A spec built in memory for the generation benchmark.
  version: 1.0.0
  x-sdk-crate-name: synthetic-api
servers:
  - url: https://api.example.com/v1
security:
  - api_token: []
paths:
"##;

/// One resource's operations; `@` is the unit's number.
const UNIT_PATHS: &str = r##"  /accounts/{account_id}/widgets@:
    get:
      summary: List widgets of family @
      description: Lists the widgets of family @, a page at a time.
      operationId: list-widgets-@
      x-sdk-resource: group@g.widgets@
      x-sdk-method: list
      parameters:
        - $ref: '#/components/parameters/account_id'
        - name: page
          in: query
          description: Page number of results.
          schema:
            type: integer
            minimum: 1
        - name: per_page
          in: query
          description: Number of results per page.
          schema:
            type: integer
            minimum: 1
        - name: status
          in: query
          description: Only widgets in this state.
          schema:
            $ref: '#/components/schemas/w@-status'
      responses:
        '200':
          description: The widgets.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/w@-response-collection'
        4XX:
          description: Failure.
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/w@-response-collection'
                  - $ref: '#/components/schemas/api-response-common-failure'
    post:
      summary: Create a widget of family @
      description: Creates a widget; the body says which kind.
      operationId: create-widget-@
      x-sdk-resource: group@g.widgets@
      x-sdk-method: create
      parameters:
        - $ref: '#/components/parameters/account_id'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/w@'
      responses:
        '200':
          description: The new widget.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/w@-response-single'
        4XX:
          description: Failure.
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/w@-response-single'
                  - $ref: '#/components/schemas/api-response-common-failure'
  /accounts/{account_id}/widgets@/{widget_id}:
    get:
      summary: Get a widget of family @
      description: Fetches one widget.
      operationId: get-widget-@
      x-sdk-resource: group@g.widgets@
      x-sdk-method: get
      parameters:
        - $ref: '#/components/parameters/account_id'
        - $ref: '#/components/parameters/widget_id'
      responses:
        '200':
          description: The widget.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/w@-response-single'
    patch:
      summary: Update a widget of family @
      description: Changes some settings of one widget.
      operationId: update-widget-@
      x-sdk-resource: group@g.widgets@
      x-sdk-method: update
      parameters:
        - $ref: '#/components/parameters/account_id'
        - $ref: '#/components/parameters/widget_id'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/w@-update-request'
      responses:
        '200':
          description: The widget.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/w@-response-single'
"##;

const COMPONENTS_HEAD: &str = r##"components:
  parameters:
    account_id:
      name: account_id
      in: path
      required: true
      description: Account identifier tag.
      schema:
        type: string
        maxLength: 32
    widget_id:
      name: widget_id
      in: path
      required: true
      description: Widget identifier.
      schema:
        type: string
  schemas:
    api-response-common:
      type: object
      required:
        - success
        - errors
        - messages
      properties:
        errors:
          $ref: '#/components/schemas/messages'
        messages:
          $ref: '#/components/schemas/messages'
        success:
          type: boolean
          description: Whether the API call was successful
    api-response-common-failure:
      type: object
      required:
        - success
        - errors
        - messages
        - result
      properties:
        errors:
          $ref: '#/components/schemas/messages'
        messages:
          $ref: '#/components/schemas/messages'
        result:
          type: object
          nullable: true
        success:
          type: boolean
    api-response-single:
      allOf:
        - $ref: '#/components/schemas/api-response-common'
        - type: object
          properties:
            result: {}
      type: object
    api-response-collection:
      allOf:
        - $ref: '#/components/schemas/api-response-common'
        - type: object
          properties:
            result:
              type: array
              items: {}
            result_info:
              $ref: '#/components/schemas/result_info'
      type: object
    messages:
      type: array
      items:
        $ref: '#/components/schemas/message'
    message:
      type: object
      required:
        - code
        - message
      properties:
        code:
          type: integer
        message:
          type: string
    result_info:
      type: object
      properties:
        count:
          type: integer
        page:
          type: integer
        per_page:
          type: integer
        total_count:
          type: integer
"##;

/// One resource's ten schemas; `@` is the unit's number.
const UNIT_SCHEMAS: &str = r##"    w@-kind:
      type: string
      description: The kind of widget.
      enum:
        - alpha
        - beta
        - gamma
    w@-status:
      type: string
      description: Where a widget is in its life.
      enum:
        - active
        - paused
        - deleted
        - pending_review
    w@-base:
      type: object
      required:
        - name
        - type
      properties:
        id:
          type: string
          description: Identifier.
          readOnly: true
        name:
          type: string
          description: Shown to users.
        type:
          $ref: '#/components/schemas/w@-kind'
        status:
          $ref: '#/components/schemas/w@-status'
        labels:
          type: array
          items:
            type: string
        created_on:
          type: string
          format: date-time
        meta:
          type: object
          description: Bookkeeping.
          properties:
            owner:
              type: string
            limits:
              type: object
              properties:
                max_items:
                  type: integer
                burst:
                  type: integer
                mode:
                  type: string
                  enum:
                    - soft
                    - hard
    w@-alpha:
      allOf:
        - $ref: '#/components/schemas/w@-base'
        - type: object
          properties:
            config:
              type: object
              description: How an alpha widget connects.
              required:
                - endpoint
              properties:
                endpoint:
                  type: string
                retries:
                  type: integer
                tls:
                  type: object
                  properties:
                    verify:
                      type: boolean
                    ca_bundle:
                      type: string
    w@-beta:
      allOf:
        - $ref: '#/components/schemas/w@-base'
        - type: object
          properties:
            weight:
              type: number
            credentials:
              type: object
              properties:
                client_id:
                  type: string
                client_secret:
                  type: string
                  x-sensitive: true
    w@-gamma:
      allOf:
        - $ref: '#/components/schemas/w@-beta'
        - type: object
          properties:
            placement:
              type: object
              properties:
                region:
                  type: string
                  enum:
                    - us
                    - eu
                    - ap
                zones:
                  type: array
                  items:
                    type: object
                    properties:
                      name:
                        type: string
                      primary:
                        type: boolean
    w@:
      oneOf:
        - $ref: '#/components/schemas/w@-alpha'
        - $ref: '#/components/schemas/w@-beta'
        - $ref: '#/components/schemas/w@-gamma'
      discriminator:
        propertyName: type
        mapping:
          alpha: '#/components/schemas/w@-alpha'
          beta: '#/components/schemas/w@-beta'
          gamma: '#/components/schemas/w@-gamma'
    w@-update-request:
      type: object
      properties:
        name:
          type: string
        status:
          $ref: '#/components/schemas/w@-status'
        notifications:
          type: object
          properties:
            enabled:
              type: boolean
            channels:
              type: array
              items:
                type: object
                required:
                  - target
                properties:
                  kind:
                    type: string
                    enum:
                      - email
                      - webhook
                  target:
                    type: string
    w@-response-single:
      allOf:
        - $ref: '#/components/schemas/api-response-single'
        - type: object
          properties:
            result:
              $ref: '#/components/schemas/w@'
      type: object
    w@-response-collection:
      allOf:
        - $ref: '#/components/schemas/api-response-collection'
        - type: object
          properties:
            result:
              type: array
              items:
                $ref: '#/components/schemas/w@'
      type: object
"##;

const TAIL: &str = r##"  securitySchemes:
    api_token:
      type: http
      scheme: bearer
      x-sdk-env: SYNTHETIC_API_TOKEN
"##;

/// A spec with `x * 500` operations and `x * 1,250` schemas (plus the 7 envelope schemas).
pub fn synthetic(x: usize) -> String {
    let units = x * OPS_PER_X / OPS_PER_UNIT;
    let mut out = String::with_capacity(units * (UNIT_PATHS.len() + UNIT_SCHEMAS.len()) + 8192);
    out.push_str(HEAD);
    // Resources are grouped 25 to a parent, so the resource tree has two levels.
    for i in 0..units {
        let unit = UNIT_PATHS
            .replace("@g", &(i / 25).to_string())
            .replace('@', &i.to_string());
        out.push_str(&unit);
    }
    out.push_str(COMPONENTS_HEAD);
    for i in 0..units {
        out.push_str(&UNIT_SCHEMAS.replace('@', &i.to_string()));
    }
    out.push_str(TAIL);
    out
}
