// The part an SDK maintainer writes: how to build the client, one line per Authlete API, the SDK's errors.
import { defineAdapter } from "authlete-conformance/adapter";
import { ApiError, AuthleteApi, DecodeError, NetworkError } from "./sdk.ts";

export default defineAdapter({
  name: "example",
  sdk: ["example-authlete-sdk", "1.0.0"],
  client: (baseUrl, creds) => new AuthleteApi(baseUrl, creds.serviceId, creds.accessToken),
  operations: {
    auth_authorization_api: (c, req) => c.authorization(req.body),
    auth_token_api: (c, req) => c.token(req.body),
    auth_introspection_api: (c, req) => c.introspection(req.body),
    auth_userinfo_api: (c, req) => c.userinfo(req.body),
  },
  errors: { api: ApiError, decode: DecodeError, transport: NetworkError },
});
