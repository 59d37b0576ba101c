package conformance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter helper for Java SDKs: the conformance kit's stdio protocol (docs/adapter-protocol.md),
 * with Gson (Debian package libgoogle-gson-java). The maintainer says how to build the client,
 * how to call each operation, and which exceptions are the SDK's own; this class runs the loop,
 * keeps integers exact (Long/BigInteger both ways), turns the SDK's objects into JSON (fields by
 * name; null fields are absent, as Java models cannot tell null from absent) and sorts exceptions.
 */
public final class Adapter<C> {
  public interface ClientFactory<C> { C create(String baseUrl, String serviceId, String accessToken) throws Exception; }
  public interface Operation<C> { Object call(C client, JsonObject request) throws Exception; }

  private final String name, sdkName, sdkVersion;
  private final Map<String, Operation<C>> operations = new LinkedHashMap<>();
  private final List<String> unsupported = new ArrayList<>();
  private ClientFactory<C> factory;
  private Class<? extends Throwable> api, decode, transport;
  private Gson gson = new GsonBuilder().disableHtmlEscaping().create();
  /** The envelope keeps explicit nulls (`"decoded": null`); decoded objects were built without null fields. */
  private final Gson envelope = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Adapter(String name, String sdkName, String sdkVersion) { this.name = name; this.sdkName = sdkName; this.sdkVersion = sdkVersion; }

  public static <C> Adapter<C> named(String name, String sdkName, String sdkVersion) { return new Adapter<>(name, sdkName, sdkVersion); }
  public Adapter<C> client(ClientFactory<C> f) { this.factory = f; return this; }
  public Adapter<C> operation(String operationId, Operation<C> op) { operations.put(operationId, op); return this; }
  /** The SDK's own Gson (its type adapters), to turn decoded objects back into JSON as the SDK writes them. */
  public Adapter<C> gson(Gson sdkGson) { this.gson = sdkGson; return this; }
  /** Operations the SDK does not implement, declared up front so the kit does not call them at all. */
  public Adapter<C> unsupported(String... operationIds) { unsupported.addAll(List.of(operationIds)); return this; }
  public Adapter<C> errors(Class<? extends Throwable> api, Class<? extends Throwable> decode, Class<? extends Throwable> transport) { this.api = api; this.decode = decode; this.transport = transport; return this; }

  private static Object read(Throwable e, String... methods) {
    for (String m : methods) {
      try { return e.getClass().getMethod(m).invoke(e); } catch (ReflectiveOperationException ignored) { /* try the next name */ }
    }
    return null;
  }

  private JsonObject error(String kind, Throwable e) {
    JsonObject err = new JsonObject();
    err.addProperty("kind", kind);
    err.addProperty("message", String.valueOf(e.getMessage()));
    if (kind.equals("api")) {
      Object status = read(e, "getStatus", "status");
      if (status instanceof Number) err.addProperty("status", ((Number) status).intValue());
      Object code = read(e, "getResultCode", "resultCode");
      if (code instanceof String) err.addProperty("resultCode", (String) code);
    }
    JsonObject answer = new JsonObject();
    answer.add("error", err);
    return answer;
  }

  private JsonObject handle(JsonObject msg) {
    JsonObject answer = new JsonObject();
    String cmd = msg.get("cmd").getAsString();
    if (cmd.equals("start")) {
      answer.addProperty("ok", true);
      answer.addProperty("name", name);
      answer.addProperty("version", "1.0.0");
      answer.addProperty("language", "java");
      JsonObject sdk = new JsonObject(); sdk.addProperty("name", sdkName); sdk.addProperty("version", sdkVersion);
      answer.add("sdk", sdk);
      JsonObject traits = new JsonObject(); traits.addProperty("nulls", "absent"); traits.addProperty("keys", "camelCase");
      answer.add("traits", traits);
      if (!unsupported.isEmpty()) answer.add("unsupported", gson.toJsonTree(unsupported));
      return answer;
    }
    if (cmd.equals("stop")) { answer.addProperty("ok", true); return answer; }
    String op = msg.get("operationId").getAsString();
    Operation<C> operation = operations.get(op);
    if (operation == null) {
      JsonObject u = new JsonObject(); u.addProperty("message", op + " is not implemented by " + sdkName);
      answer.add("unsupported", u);
      return answer;
    }
    JsonObject creds = msg.getAsJsonObject("credentials");
    try {
      C client = factory.create(msg.get("baseUrl").getAsString(), creds.get("serviceId").getAsString(), creds.get("accessToken").getAsString());
      JsonObject result = new JsonObject();
      result.add("decoded", gson.toJsonTree(operation.call(client, msg.getAsJsonObject("request"))));
      answer.add("result", result);
      return answer;
    } catch (Throwable e) {
      if (api != null && api.isInstance(e)) return error("api", e);
      if (decode != null && decode.isInstance(e)) return error("decode", e);
      if (transport != null && transport.isInstance(e)) return error("transport", e);
      JsonObject err = new JsonObject();
      err.addProperty("kind", "unexpected");
      err.addProperty("message", e.getClass().getName() + ": " + e.getMessage());
      answer.add("error", err);
      return answer;
    }
  }

  /** JSON with every non-ASCII character escaped: exact for any string, lone surrogates included. */
  private String ascii(JsonElement e) {
    String s = envelope.toJson(e);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) b.append(c); else b.append(String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }

  /** Runs the loop on stdin/stdout until `stop` or the end of input. */
  public void serve() throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err); // stray System.out.println in the SDK must not corrupt the protocol
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) continue;
      JsonObject msg = JsonParser.parseString(line).getAsJsonObject();
      JsonObject answer = handle(msg);
      answer.add("seq", msg.get("seq"));
      out.print(ascii(answer));
      out.print('\n');
      out.flush();
      if (msg.get("cmd").getAsString().equals("stop")) return;
    }
  }
}
