// Generated from Latchkey's OpenAPI document by `npm run generate:node-client` (openapi-typescript).
// Do not edit: packages/node/src/schema.test.ts fails when this file and the API differ.

export interface paths {
    "/api/v1/connect/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a connect session
         * @description Starts a connect flow for one of your customers. Open the returned token with `Latchkey.openConnect({ token })` (link `embed`, 30 minutes), or send `url` by e-mail (link `hosted`, up to 7 days). A session is used up once a connection is saved. Needs the `sessions:write` permission.
         */
        post: operations["createConnectSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connect/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraw an unused connect session
         * @description Withdraws a link that has not been used yet (e.g. sent to the wrong person): from now on the wizard says the link was withdrawn and nothing can be saved through it. Withdrawing twice answers the same. A used session cannot be withdrawn (409): delete its connection instead. Needs the `sessions:write` permission.
         */
        delete: operations["revokeConnectSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List connections
         * @description Your workspace's connections, newest first. Follow `next_cursor` for the next page. Needs `connections:read`.
         */
        get: operations["listConnections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a connection
         * @description One connection with its latest check per scope. Never contains a secret: at most the credential's fingerprint. Needs `connections:read`.
         */
        get: operations["getConnection"];
        put?: never;
        post?: never;
        /**
         * Delete a connection
         * @description Deletes the connection and destroys its credential's key (crypto-shredding: the secret cannot be recovered). Emits `connection.deleted`. Needs `connections:write`.
         */
        delete: operations["deleteConnection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth-apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your OAuth apps
         * @description The OAuth apps your workspace has registered at providers, with the redirect URI to register. Never a client secret. Needs `connections:read`.
         */
        get: operations["listOAuthApps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth-apps/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get your OAuth app at a provider
         * @description Needs `connections:read`.
         */
        get: operations["getOAuthApp"];
        /**
         * Set your OAuth app at a provider
         * @description Creates or changes the app the provider issued to you (such providers create apps on request: register the `redirect_uri` this answer shows). The client secret is sealed in Latchkey's vault and never returned; omit it to keep the stored one. With an app, your customers link this provider through its consent page; without one, through its other route. Audited. Needs `connections:write`.
         */
        put: operations["setOAuthApp"];
        post?: never;
        /**
         * Remove your OAuth app at a provider
         * @description Destroys the sealed client secret (crypto-shredding). Connections made through the app keep their tokens but cannot refresh them until an app is set again. Audited. Needs `connections:write`.
         */
        delete: operations["deleteOAuthApp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events (the feed)
         * @description Your workspace's events in commit order. Start without `after`, then pass `next_cursor` each time; an empty page keeps the same cursor, so poll it for newer events. An event appears here once the outbox relay has published it (normally well under a second after its commit), which is what makes the order safe: no later page can contain an event that committed before one you have already seen. The `id` equals the `webhook-id` of its webhook deliveries. Needs `connections:read`.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a connection's credentials
         * @description The plaintext credential fields. Every read is audited. Prefer the passthrough, which never hands out the secret. Needs `credentials:read`.
         */
        get: operations["getConnectionCredentials"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{id}/proxy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call the provider through Latchkey (passthrough)
         * @description Latchkey authenticates to the provider with the sealed credential and forwards the call to the provider's configured base URL. You choose the path only (no `//`, `@`, scheme, `..` or encoded variants); Authorization, Cookie and hop-by-hop headers are dropped. Audited and rate limited per connection (PROXY_RATE_LIMIT_PER_MINUTE). The answer is read up to 5 MB and refused (502 `provider_error`) beyond. GET and HEAD need `credentials:read`; POST, PUT, PATCH and DELETE need `proxy:write`. Keys with either permission are created only by the operator (`npm run latchkey -- apikey:create`).
         */
        post: operations["proxyConnectionRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report sync status (and a service user's progress)
         * @description `syncing`, `healthy` or `error` with a message, shown to support staff; for a provider whose customers invite a service user, that user's progress in the provider's own field (`justworks` for Justworks connections). Each change emits an event. Needs `connections:write`.
         */
        post: operations["reportConnectionStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Needs `connections:read`.
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Create a webhook endpoint
         * @description Events are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret returned here once. Failed deliveries are retried with exponential backoff and jitter for about a day; an endpoint that keeps failing is disabled with a `webhook_endpoint.disabled` event. http(s) only; private addresses are refused unless the server allows them. Needs `connections:write`.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Needs `connections:write`.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Update or re-enable a webhook endpoint
         * @description Needs `connections:write`.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret
         * @description A new secret, shown once; the previous one keeps signing too until `overlap_hours` (default 24) have passed. Needs `connections:write`.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List delivery attempts
         * @description Every attempt, newest first: status code, duration and a short error (never the receiver's body). Needs `connections:read`.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event
         * @description Sends a `webhook_endpoint.test` event to this endpoint only. Needs `connections:write`.
         */
        post: operations["sendWebhookTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "id": "cs_8f2kq1x0b7",
         *       "token": "q3Yk…43 characters…",
         *       "url": "https://connect.example.com/connect/q3Yk…",
         *       "expires_at": "2026-11-23T14:00:00.000Z"
         *     }
         */
        CreateSessionResponse: {
            /** @description The session's id, `cs_…`: withdraw an unused link with DELETE /api/v1/connect/sessions/{id}. */
            id: string;
            /** @description Pass to Latchkey.openConnect({ token }). Single use; treat it like a password. */
            token: string;
            /**
             * Format: uri
             * @description The wizard's address: for hosted links, send this to the customer.
             */
            url: string;
            /** Format: date-time */
            expires_at: string;
        };
        /**
         * @example {
         *       "error": {
         *         "code": "invalid_input",
         *         "message": "The request is not valid: see `fields` for each problem.",
         *         "fields": {
         *           "end_user.id": [
         *             "Too small: expected string to have >=1 characters"
         *           ]
         *         }
         *       }
         *     }
         */
        Error: {
            error: {
                /** @description snake_case, stable: invalid_input, unauthorized, forbidden, not_found, rate_limited, … */
                code: string;
                /** @description For the developer reading it. */
                message: string;
                /** @description Per-field problems for invalid_input. */
                fields?: {
                    [key: string]: string[];
                };
            };
        };
        /**
         * @example {
         *       "end_user": {
         *         "id": "customer-4711",
         *         "name": "Müller GmbH",
         *         "email": "hr@mueller.example"
         *       },
         *       "providers": [
         *         "hrworks",
         *         "personio"
         *       ],
         *       "scopes": [
         *         "employees",
         *         "absences"
         *       ],
         *       "prefill": {
         *         "personio": {
         *           "fields": {
         *             "subdomain": "mueller.app.personio.com"
         *           },
         *           "confirmed": [
         *             "plan",
         *             "rights"
         *           ]
         *         }
         *       },
         *       "language": "de"
         *     }
         */
        CreateSessionRequest: {
            /** @description Who connects. Required, unless `connection_id` is given: a reconnect takes the connection's end user (a different one is refused). */
            end_user?: {
                /** @description Your own id for the customer (tenant) connecting, e.g. their account id. */
                id: string;
                /** @description Shown in the dashboard, e.g. the company name. */
                name?: string;
                /**
                 * Format: email
                 * @description The admin's e-mail, shown to support staff.
                 */
                email?: string;
            };
            /** @description Offer only these providers. With one, the picker is skipped. Default: all. */
            providers?: components["schemas"]["ProviderId"][];
            /** @description Required permissions. Missing any, nothing is saved. Default: each provider's defaults. */
            scopes?: components["schemas"]["ScopeId"][];
            /** @description Permissions you would like; missing ones are saved with a warning. */
            optional_scopes?: components["schemas"]["ScopeId"][];
            provider_options?: components["schemas"]["ProviderOptions"];
            prefill?: components["schemas"]["Prefill"];
            /**
             * @description The wizard's language. Default: the browser's, else the workspace's.
             * @enum {string}
             */
            language?: "en" | "de";
            /** @description Reconnect mode: replace the credential of this existing connection. */
            connection_id?: string;
            /**
             * @description Default `embed`. `embed`: for Latchkey.openConnect, lives 30 minutes. `hosted`: a link to send by e-mail, lives up to 7 days.
             * @enum {string}
             */
            link?: "embed" | "hosted";
            /** @description Lifetime in seconds. embed: 300–1800 (default 1800); hosted: 900–604800 (default 604800). */
            expires_in?: number;
        };
        /**
         * @description An HR system Latchkey can connect.
         * @enum {string}
         */
        ProviderId: "hrworks" | "personio" | "peoplehr" | "justworks";
        /**
         * @description A unified permission, mapped to each provider's own.
         * @enum {string}
         */
        ScopeId: "employees" | "departments" | "absences" | "attendances" | "documents" | "ats.jobs" | "ats.job_postings" | "ats.candidates" | "ats.applications" | "ats.write";
        /** @description Per-provider options. */
        ProviderOptions: {
            personio?: {
                /** @description Employee attributes your sync reads; the check verifies each is whitelisted for the credential. */
                attributes?: string[];
            };
        };
        /** @description Per provider: non-secret field values and confirmed prerequisites, so that the wizard skips what you already know. */
        Prefill: {
            hrworks?: {
                /** @description HR WORKS: values of its non-secret fields (accessKey), shown filled in; the admin can still change them. A secret field is refused. */
                fields?: {
                    [key: string]: string;
                };
                /** @description HR WORKS: prerequisites you have already confirmed with the customer; with all of them confirmed the wizard skips the "before you start" step. */
                confirmed?: ("1" | "2")[];
            };
            personio?: {
                /** @description Personio: values of its non-secret fields (clientId, subdomain), shown filled in; the admin can still change them. A secret field is refused. */
                fields?: {
                    [key: string]: string;
                };
                /** @description Personio: prerequisites you have already confirmed with the customer; with all of them confirmed the wizard skips the "before you start" step. */
                confirmed?: ("plan" | "rights")[];
            };
            peoplehr?: {
                /** @description Access People HR: values of its non-secret fields (none), shown filled in; the admin can still change them. A secret field is refused. */
                fields?: {
                    [key: string]: string;
                };
                /** @description Access People HR: prerequisites you have already confirmed with the customer; with all of them confirmed the wizard skips the "before you start" step. */
                confirmed?: ("1" | "2")[];
            };
            justworks?: {
                /** @description Justworks: values of its non-secret fields (none), shown filled in; the admin can still change them. A secret field is refused. */
                fields?: {
                    [key: string]: string;
                };
                /** @description Justworks: prerequisites you have already confirmed with the customer; with all of them confirmed the wizard skips the "before you start" step. */
                confirmed?: ("1" | "2")[];
            };
        };
        /**
         * @example {
         *       "id": "cs_8f2kq1x0b7",
         *       "revoked_at": "2026-11-23T13:40:00.000Z"
         *     }
         */
        RevokeSessionResponse: {
            id: string;
            /**
             * Format: date-time
             * @description When the link was withdrawn (the first time, if it was withdrawn before).
             */
            revoked_at: string;
        };
        ConnectionList: {
            data: components["schemas"]["Connection"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            next_cursor: string | null;
        };
        /**
         * @example {
         *       "id": "conn_8k2v0f7q1m3x9d4r6t5a",
         *       "provider": "personio",
         *       "status": "active",
         *       "end_user": {
         *         "id": "customer-4711",
         *         "name": "Müller GmbH",
         *         "email": "hr@mueller.example"
         *       },
         *       "account_label": "Müller GmbH",
         *       "required_scopes": [
         *         "employees",
         *         "absences"
         *       ],
         *       "optional_scopes": [],
         *       "scopes": {
         *         "employees": {
         *           "status": "granted",
         *           "required": true
         *         },
         *         "absences": {
         *           "status": "granted",
         *           "required": true
         *         }
         *       },
         *       "provider_state": {},
         *       "sync": {
         *         "status": null,
         *         "message": null,
         *         "updated_at": null
         *       },
         *       "credential": {
         *         "fingerprint": "…a1b2",
         *         "version": 1,
         *         "updated_at": "2026-11-23T13:00:00.000Z",
         *         "shredded": false
         *       },
         *       "last_checked_at": "2026-11-23T13:00:00.000Z",
         *       "created_at": "2026-11-23T13:00:00.000Z",
         *       "updated_at": "2026-11-23T13:00:00.000Z",
         *       "deleted_at": null
         *     }
         */
        Connection: {
            id: string;
            provider: string;
            /** @enum {string} */
            status: "active" | "needs_attention" | "pending" | "deleted";
            end_user: {
                id: string;
                name: string | null;
                email: string | null;
            };
            /** @description e.g. the company name read from the provider. */
            account_label: string | null;
            required_scopes: string[];
            optional_scopes: string[];
            /** @description The latest check's result per scope. */
            scopes: {
                [key: string]: {
                    /** @enum {string} */
                    status: "granted" | "missing" | "unknown";
                    required: boolean;
                };
            };
            /** @description Provider-specific state, e.g. a service-user invitation's. */
            provider_state: {
                [key: string]: unknown;
            };
            sync: {
                status: string | null;
                message: string | null;
                /** Format: date-time */
                updated_at: string | null;
            };
            credential: {
                /** @description The last characters of the identifying field; never the secret. */
                fingerprint: string | null;
                version: number;
                /** Format: date-time */
                updated_at: string;
                shredded: boolean;
            } | null;
            /** Format: date-time */
            last_checked_at: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: date-time */
            deleted_at: string | null;
        };
        Event: {
            /** @description Also the `webhook-id` of its webhook deliveries. */
            id: string;
            type: string;
            /** Format: date-time */
            timestamp: string;
            connection_id: string | null;
            data: {
                [key: string]: unknown;
            };
        };
        ProxyResponse: {
            status: number;
            headers: {
                [key: string]: string;
            };
            /** @description JSON when the provider answered JSON, else text. */
            body?: unknown;
        };
        WebhookEndpoint: {
            id: string;
            url: string;
            description: string | null;
            event_types: string[];
            enabled: boolean;
            /** @description failing (disabled automatically after repeated failed deliveries) or disabled_by_user. */
            disabled_reason: string | null;
            /** Format: date-time */
            disabled_at: string | null;
            consecutive_failures: number;
            /** @description Metadata only; a secret is shown once. */
            secrets: {
                id: string;
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                expires_at: string | null;
            }[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        WebhookDelivery: {
            id: string;
            event_id: string;
            attempt: number;
            succeeded: boolean;
            status_code: number | null;
            duration_ms: number | null;
            error: string | null;
            /** Format: date-time */
            created_at: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createConnectSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionRequest"];
            };
        };
        responses: {
            /** @description The session: its id, its token and the wizard's URL. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateSessionResponse"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeConnectSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The session's id, `cs_…`, from the create response. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is withdrawn. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokeSessionResponse"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such session in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `conflict`: the session was already used. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listConnections: {
        parameters: {
            query?: {
                /** @description Page size, 1–200. */
                limit?: number;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Only connections in this state. Deleted connections appear only with status=deleted. */
                status?: "active" | "needs_attention" | "pending" | "deleted";
                provider?: "hrworks" | "personio" | "peoplehr" | "justworks";
                /** @description Only this end user's connections (your id). */
                end_user_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of connections. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionList"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The connection's id, `conn_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The connection. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such connection in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The connection's id, `conn_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted connection. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such connection, or already deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOAuthApps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your apps. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            provider: string;
                            client_id: string;
                            /** @description Register this redirect URI with the provider for your app. */
                            redirect_uri: string;
                            preferred: boolean;
                            has_secret: boolean;
                            /** @description The last characters of the stored secret's fingerprint, to tell secrets apart; never the secret. */
                            secret_fingerprint: string | null;
                            /** Format: date-time */
                            updated_at: string;
                        }[];
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOAuthApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider with an OAuth route: `justworks`. */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The app. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        provider: string;
                        client_id: string;
                        /** @description Register this redirect URI with the provider for your app. */
                        redirect_uri: string;
                        preferred: boolean;
                        has_secret: boolean;
                        /** @description The last characters of the stored secret's fingerprint, to tell secrets apart; never the secret. */
                        secret_fingerprint: string | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: your workspace has no OAuth app at this provider. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setOAuthApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider with an OAuth route: `justworks`. */
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The client id the provider issued for your app. */
                    client_id: string;
                    /** @description The client secret the provider issued. Needed the first time; omit it to keep the stored one. Never returned. */
                    client_secret?: string;
                    /** @description Offer the OAuth route first when the workspace also has the provider's other route (default true). */
                    preferred?: boolean;
                };
            };
        };
        responses: {
            /** @description The app as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        provider: string;
                        client_id: string;
                        /** @description Register this redirect URI with the provider for your app. */
                        redirect_uri: string;
                        preferred: boolean;
                        has_secret: boolean;
                        /** @description The last characters of the stored secret's fingerprint, to tell secrets apart; never the secret. */
                        secret_fingerprint: string | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteOAuthApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider with an OAuth route: `justworks`. */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: your workspace has no OAuth app at this provider. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description The `next_cursor` of the previous page; omit to start at the beginning. */
                after?: string;
                limit?: number;
                /** @description Only these event types (repeatable). */
                type?: ("connection.created" | "connection.updated" | "connection.check_failed" | "connection.check_warning" | "connection.recovered" | "connection.deleted" | "connection.sync_status_changed" | "connection_flow.failed" | "webhook_endpoint.disabled" | "webhook_endpoint.test" | "justworks.invitation_sent" | "justworks.invitation_accepted" | "justworks.verified" | "justworks.permissions_missing") | ("connection.created" | "connection.updated" | "connection.check_failed" | "connection.check_warning" | "connection.recovered" | "connection.deleted" | "connection.sync_status_changed" | "connection_flow.failed" | "webhook_endpoint.disabled" | "webhook_endpoint.test" | "justworks.invitation_sent" | "justworks.invitation_accepted" | "justworks.verified" | "justworks.permissions_missing")[];
                connection_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Event"][];
                        next_cursor: string | null;
                        has_more: boolean;
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConnectionCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The connection's id, `conn_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credential. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connection_id: string;
                        provider: string;
                        credentials: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such connection in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    proxyConnectionRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The connection's id, `conn_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description GET and HEAD need `credentials:read`; every other method needs `proxy:write`.
                     * @default GET
                     * @enum {string}
                     */
                    method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
                    /** @description A path below the provider's base URL, e.g. /v1/company/employees. Never a host. */
                    path: string;
                    query?: {
                        [key: string]: string | number | boolean | (string | number)[];
                    };
                    /** @description Only accept, accept-language, content-type, if-match, if-none-match, if-modified-since and prefer are forwarded. */
                    headers?: {
                        [key: string]: string;
                    };
                    body?: unknown;
                };
            };
        };
        responses: {
            /** @description The provider's answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProxyResponse"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such connection in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportConnectionStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The connection's id, `conn_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status?: "syncing" | "healthy" | "error";
                    /** @description Shown to support staff; never put a secret here. */
                    message?: string;
                    /** @description Justworks connections only: the service user's progress. */
                    justworks?: {
                        /** @description The service user accepted the invitation. */
                        invitation_accepted?: boolean;
                        /** @description Which of the six permissions the service user has. */
                        granted_permissions?: ("edit_company_settings" | "manage_employees" | "view_all_employee_information" | "view_basic_employee_information" | "upload_and_view_all_documents" | "view_invoices_and_reporting")[];
                    };
                };
            };
        };
        responses: {
            /** @description The connection after the report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such connection in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoints. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                    description?: string;
                    /** @description Empty or absent: every event type. */
                    event_types?: ("connection.created" | "connection.updated" | "connection.check_failed" | "connection.check_warning" | "connection.recovered" | "connection.deleted" | "connection.sync_status_changed" | "connection_flow.failed" | "webhook_endpoint.disabled" | "webhook_endpoint.test" | "justworks.invitation_sent" | "justworks.invitation_accepted" | "justworks.verified" | "justworks.permissions_missing")[];
                };
            };
        };
        responses: {
            /** @description The endpoint and its signing secret. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description: string | null;
                        event_types: string[];
                        enabled: boolean;
                        /** @description failing (disabled automatically after repeated failed deliveries) or disabled_by_user. */
                        disabled_reason: string | null;
                        /** Format: date-time */
                        disabled_at: string | null;
                        consecutive_failures: number;
                        /** @description Metadata only; a secret is shown once. */
                        secrets: {
                            id: string;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            expires_at: string | null;
                        }[];
                        /** Format: date-time */
                        created_at: string;
                        /** Format: date-time */
                        updated_at: string;
                        /** @description The signing secret (`whsec_…`), shown this once. */
                        secret: string;
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The endpoint's id, `whe_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such endpoint in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The endpoint's id, `whe_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    description?: string;
                    /** @description Empty or absent: every event type. */
                    event_types?: ("connection.created" | "connection.updated" | "connection.check_failed" | "connection.check_warning" | "connection.recovered" | "connection.deleted" | "connection.sync_status_changed" | "connection_flow.failed" | "webhook_endpoint.disabled" | "webhook_endpoint.test" | "justworks.invitation_sent" | "justworks.invitation_accepted" | "justworks.verified" | "justworks.permissions_missing")[];
                    /** @description Re-enabling a disabled endpoint resets its failure count. */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The endpoint. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such endpoint in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The endpoint's id, `whe_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    overlap_hours?: number;
                };
            };
        };
        responses: {
            /** @description The endpoint and its new secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description: string | null;
                        event_types: string[];
                        enabled: boolean;
                        /** @description failing (disabled automatically after repeated failed deliveries) or disabled_by_user. */
                        disabled_reason: string | null;
                        /** Format: date-time */
                        disabled_at: string | null;
                        consecutive_failures: number;
                        /** @description Metadata only; a secret is shown once. */
                        secrets: {
                            id: string;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            expires_at: string | null;
                        }[];
                        /** Format: date-time */
                        created_at: string;
                        /** Format: date-time */
                        updated_at: string;
                        /** @description The signing secret (`whsec_…`), shown this once. */
                        secret: string;
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such endpoint in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                before?: string;
            };
            header?: never;
            path: {
                /** @description The endpoint's id, `whe_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Attempts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such endpoint in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendWebhookTestEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The endpoint's id, `whe_…`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event_id: string;
                    };
                };
            };
            /** @description `invalid_input`: the body or query failed validation; `fields` names each problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unauthorized`: no API key, or it is unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: the key lacks the permission this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: no such endpoint in your workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payload_too_large`: the request body is over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: the key's budget is spent; wait for `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
