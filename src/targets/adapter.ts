/**
 * @deprecated Old import path, kept while src/run/ports.ts still imports it: use sdk-adapter.ts
 * (`AdapterPort` is `SdkAdapter`). Delete once nothing imports this file.
 */
export type { CallParameters, Credentials, Handshake, SdkAdapter as AdapterPort } from "./sdk-adapter.ts";
