// Connections a hostile fixture opens to a server and never reads from: each writes the given
// bytes (nothing, half a request, a whole one), then sits paused for the rest of the process.
import { connect } from "node:net";

export function holdConnections(baseUrl, writes, held = []) {
  const { hostname, port } = new URL(baseUrl);
  for (const bytes of writes) {
    const s = connect({ host: hostname, port: Number(port) }, () => s.write(bytes));
    s.pause();
    s.on("error", () => {});
    held.push(s);
  }
  return held;
}
