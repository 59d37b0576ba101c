package conformance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adapter helper for Java SDKs: the conformance kit's stdio protocol (docs/adapter-protocol.md),
 * with Gson (Debian package libgoogle-gson-java). The maintainer says how to build the client, how
 * to call each operation, and which exceptions are the SDK's own; this class runs the loop, keeps
 * integers exact (Long/BigInteger both ways), turns the SDK's objects into JSON (null fields are
 * absent, as Java models cannot tell null from absent) and sorts exceptions.
 *
 * Hooks, each with defaults for the common SDK styles (docs/adapters.md): error kinds by classes or
 * predicates (the closest match wins), status / body / resultCode (read from the exception), the
 * SDK's own Gson or any serializer (Jackson's writeValueAsString), encoders per class. A void
 * method is a void result; {@link #jsonText} marks a String as raw JSON; {@link #method} calls a
 * client method by name, choosing among its overloads. A failure inside the helper is reported as
 * the adapter's (adapter-failure), never as the SDK's error.
 */
public final class Adapter<C> {
  public interface ClientFactory<C> { C create(String baseUrl, String serviceId, String accessToken) throws Exception; }
  /** Builds the client configured with the timeout the kit asks for (connecting and waiting for the answer). */
  public interface TimedClientFactory<C> { C create(String baseUrl, String serviceId, String accessToken, java.time.Duration timeout) throws Exception; }
  public interface Operation<C> { Object call(C client, Request request) throws Exception; }
  public interface VoidOperation<C> { void call(C client, Request request) throws Exception; }
  public interface Hook<T> { T apply(Throwable error) throws Exception; }
  public interface ResultCodeHook { String apply(Throwable error, Object body) throws Exception; }
  public interface Encoder<T> { Object encode(T value) throws Exception; }
  /** Writes a result as JSON text, e.g. Jackson's {@code mapper::writeValueAsString}. */
  public interface Serializer { String write(Object value) throws Exception; }

  /** A String the SDK handed over as raw JSON text. */
  public static final class JsonText {
    final String text;
    JsonText(String text) { this.text = text; }
  }

  /** Marks a result as raw JSON text: decoded is the JSON it holds (or the string when it is not JSON). */
  public static Object jsonText(String text) { return new JsonText(text); }

  private static final Object VOID = new Object();

  /** One call's parameters: path parameters, query parameters, the JSON body. */
  public static final class Request {
    private final JsonObject json;
    private final Gson gson;
    Request(JsonObject json, Gson gson) { this.json = json; this.gson = gson; }
    public JsonObject json() { return json; }
    /** The JSON body, or null when the operation takes none. */
    public JsonElement body() { return json.get("body"); }
    /** The body as the SDK's request model, read by the SDK's Gson (or a plain one). */
    public <T> T body(Class<T> type) {
      try {
        return gson.fromJson(body(), type);
      } catch (RuntimeException e) {
        throw new ErrorDetails.AdapterFailure("the body does not read as " + type.getName() + ": " + e.getMessage(), e);
      }
    }
    public String path(String name) { return member("pathParams", name); }
    public String query(String name) { return member("query", name); }
    private String member(String where, String name) {
      JsonElement v = json.getAsJsonObject(where).get(name);
      if (v == null) throw new ErrorDetails.AdapterFailure("the call has no " + where + " " + name);
      return v.getAsString();
    }
    /** Positional arguments: path parameters in path order (without serviceId, a client setting), then the body. */
    public List<Object> args() {
      List<Object> out = new ArrayList<>();
      for (Map.Entry<String, JsonElement> p : json.getAsJsonObject("pathParams").entrySet()) if (!p.getKey().equals("serviceId")) out.add(p.getValue().getAsString());
      if (body() != null) out.add(body());
      return out;
    }
  }

  private final String name, sdkName, sdkVersion;
  private final Map<String, Operation<C>> operations = new LinkedHashMap<>();
  private final List<String> unsupported = new ArrayList<>();
  private final Map<String, List<String>> unsupportedParameters = new LinkedHashMap<>();
  private final Map<String, List<Object>> errors = new LinkedHashMap<>();
  private final Map<Class<?>, Encoder<Object>> encoders = new LinkedHashMap<>();
  private TimedClientFactory<C> factory;
  private boolean timed;
  private java.time.Duration timeout;
  private Hook<Object> cause;
  private Gson gson = new GsonBuilder().disableHtmlEscaping().create();
  private Serializer serializer;
  private Hook<Integer> status;
  private Hook<Object> body;
  private ResultCodeHook resultCode;
  private String nulls = "absent", keys = "camelCase";
  private Gson writer;
  /** The envelope keeps explicit nulls (`"decoded": null`); decoded objects were built without null fields. */
  private final Gson envelope = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Adapter(String name, String sdkName, String sdkVersion) { this.name = name; this.sdkName = sdkName; this.sdkVersion = sdkVersion; }

  public static <C> Adapter<C> named(String name, String sdkName, String sdkVersion) { return new Adapter<>(name, sdkName, sdkVersion); }
  /** The client, built without a timeout: the kit is told the SDK takes none (the delay and hang cases are not served; a warning says so). */
  public Adapter<C> client(ClientFactory<C> f) { this.factory = (b, s, t, d) -> f.create(b, s, t); this.timed = false; return this; }
  /** The client, built with the timeout the kit asks for in the handshake. */
  public Adapter<C> timedClient(TimedClientFactory<C> f) { this.factory = f; this.timed = true; return this; }
  public Adapter<C> operation(String operationId, Operation<C> op) { operations.put(operationId, op); return this; }
  /** An operation whose SDK method returns nothing (the 204 operations). */
  public Adapter<C> voidOperation(String operationId, VoidOperation<C> op) { return operation(operationId, (c, r) -> { op.call(c, r); return VOID; }); }
  /** An operation calling the client's method by name ("clients.delete" for c.clients().delete(...)) with {@link Request#args()}. */
  public Adapter<C> method(String operationId, String methodName) { return operation(operationId, (c, r) -> Overloads.call(c, methodName, r.args(), gson, VOID)); }
  /** The SDK's own Gson (its type adapters), to read request models and write results as the SDK does. */
  public Adapter<C> gson(Gson sdkGson) { this.gson = sdkGson; return this; }
  /** Writes results with the SDK's own serializer instead of Gson (Jackson: {@code mapper::writeValueAsString}). */
  public Adapter<C> serializer(Serializer s) { this.serializer = s; return this; }
  /** How to write values of one class (and its subclasses) the defaults cannot. */
  @SuppressWarnings("unchecked")
  public <T> Adapter<C> json(Class<T> type, Encoder<? super T> encoder) { encoders.put(type, (Encoder<Object>) encoder); return this; }
  /** Operations the SDK does not implement, declared up front so the kit does not call them at all. */
  public Adapter<C> unsupported(String... operationIds) { unsupported.addAll(List.of(operationIds)); return this; }
  /** Request parameters the SDK cannot take for an operation ("*": every one): pointers such as "/body/*" or "/query/limit". The kit never asks them. */
  public Adapter<C> unsupportedParameters(String operationId, String... pointers) { unsupportedParameters.computeIfAbsent(operationId, k -> new ArrayList<>()).addAll(List.of(pointers)); return this; }
  public Adapter<C> errors(Class<? extends Throwable> api, Class<? extends Throwable> decode, Class<? extends Throwable> transport) {
    if (api != null) api(api);
    if (decode != null) decode(decode);
    if (transport != null) transport(transport);
    return this;
  }
  /** The SDK's errors for an Authlete error answer: exception classes or {@code Predicate<Throwable>}s. */
  public Adapter<C> api(Object... matchers) { return kind("api", matchers); }
  public Adapter<C> api(Predicate<Throwable> matcher) { return kind("api", new Object[] {matcher}); }
  /** The SDK's errors for a body it could not decode. */
  public Adapter<C> decode(Object... matchers) { return kind("decode", matchers); }
  public Adapter<C> decode(Predicate<Throwable> matcher) { return kind("decode", new Object[] {matcher}); }
  /** The SDK's errors for a network failure. */
  public Adapter<C> transport(Object... matchers) { return kind("transport", matchers); }
  public Adapter<C> transport(Predicate<Throwable> matcher) { return kind("transport", new Object[] {matcher}); }
  private Adapter<C> kind(String kind, Object[] matchers) {
    for (Object m : matchers) if (!(m instanceof Class || m instanceof Predicate)) throw new IllegalArgumentException(kind + " errors are classes or predicates, not " + m);
    errors.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(Arrays.asList(matchers));
    return this;
  }
  /** The HTTP status an exception carries (default: getStatusCode(), getStatus(), getResponse().statusCode(), …). */
  public Adapter<C> status(Hook<Integer> hook) { this.status = hook; return this; }
  /** The raw body an exception carries (default: getResponseBody(), getBody(), getResponse().body(), …). */
  public Adapter<C> body(Hook<Object> hook) { this.body = hook; return this; }
  /** The underlying error an exception keeps (default: getCause()). */
  public Adapter<C> cause(Hook<Object> hook) { this.cause = hook; return this; }
  /** The resultCode an exception carries (default: getResultCode(), else the body's). */
  public Adapter<C> resultCode(ResultCodeHook hook) { this.resultCode = hook; return this; }
  public Adapter<C> traits(String nulls, String keys) { this.nulls = nulls; this.keys = keys; return this; }

  private static JsonObject answer(String key, JsonElement value) { JsonObject a = new JsonObject(); a.add(key, value); return a; }

  private JsonObject errorAnswer(Throwable e) throws Exception {
    JsonObject err = new JsonObject();
    String kind = ErrorDetails.classify(e, errors);
    if (kind == null) {
      err.addProperty("kind", "unexpected");
      err.addProperty("message", e.getClass().getName() + ": " + e.getMessage());
      return answer("error", err);
    }
    err.addProperty("kind", kind);
    err.addProperty("message", String.valueOf(e.getMessage()));
    Object raw = body != null ? body.apply(e) : ErrorDetails.body(e);
    Integer s = status != null ? ErrorDetails.asStatus(status.apply(e)) : ErrorDetails.status(e);
    if (s != null) err.addProperty("status", s);
    String code = resultCode != null ? resultCode.apply(e, raw) : ErrorDetails.resultCode(e, raw);
    if (code != null) err.addProperty("resultCode", code);
    String text = ErrorDetails.bodyText(raw, envelope);
    if (text != null) err.addProperty("body", text);
    Object underlying = cause != null ? cause.apply(e) : e.getCause();
    if (underlying != null) err.addProperty("cause", underlying instanceof Throwable ? underlying.getClass().getName() + ": " + ((Throwable) underlying).getMessage() : String.valueOf(underlying));
    return answer("error", err);
  }

  private JsonElement decoded(Object result) throws Exception {
    if (result instanceof JsonText) {
      JsonElement parsed = ToJson.parse(((JsonText) result).text);
      return parsed != null ? parsed : new JsonPrimitive(((JsonText) result).text); // not JSON: the string the SDK handed over
    }
    if (serializer != null) {
      String text = serializer.write(result);
      JsonElement parsed = text == null ? null : ToJson.parse(text);
      if (parsed == null) throw new ErrorDetails.AdapterFailure("the serializer wrote no JSON document: " + (text == null ? "null" : text.substring(0, Math.min(80, text.length()))));
      return parsed;
    }
    if (writer == null) writer = ToJson.writer(gson, encoders);
    return writer.toJsonTree(result);
  }

  private JsonObject call(JsonObject msg) {
    String op = msg.get("operationId").getAsString();
    Operation<C> operation = operations.get(op);
    JsonObject message = new JsonObject();
    if (operation == null) {
      message.addProperty("message", op + " is not implemented by " + sdkName);
      return answer("unsupported", message);
    }
    JsonObject creds = msg.getAsJsonObject("credentials");
    try {
      if (factory == null) throw new ErrorDetails.AdapterFailure("no client factory: call .client(...)");
      Object result;
      try {
        C client = factory.create(msg.get("baseUrl").getAsString(), creds.get("serviceId").getAsString(), creds.get("accessToken").getAsString(), timeout);
        result = operation.call(client, new Request(msg.getAsJsonObject("request"), gson));
      } catch (ErrorDetails.AdapterFailure e) {
        throw e;
      } catch (Throwable e) { // the SDK threw: its own error kinds, or unexpected
        return errorAnswer(e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e);
      }
      if (result == VOID) return answer("result", new JsonObject()); // a method that returned nothing
      return answer("result", answer("decoded", decoded(result)));
    } catch (Throwable e) { // the helper or a hook failed: the adapter's problem, never the SDK's
      message.addProperty("kind", "adapter");
      message.addProperty("message", e instanceof ErrorDetails.AdapterFailure ? e.getMessage() : "adapter hook failed: " + e);
      return answer("error", message);
    }
  }

  JsonObject handle(JsonObject msg) {
    String cmd = msg.get("cmd").getAsString();
    if (cmd.equals("call")) return call(msg);
    JsonObject answer = new JsonObject();
    answer.addProperty("ok", true);
    if (cmd.equals("stop")) return answer;
    JsonElement ms = msg.get("timeoutMs");
    timeout = ms != null && ms.isJsonPrimitive() ? java.time.Duration.ofMillis(ms.getAsLong()) : null;
    answer.addProperty("name", name);
    answer.addProperty("version", "1.0.0");
    answer.addProperty("language", "java");
    JsonObject sdk = new JsonObject(); sdk.addProperty("name", sdkName); sdk.addProperty("version", sdkVersion);
    answer.add("sdk", sdk);
    JsonObject traits = new JsonObject(); traits.addProperty("nulls", nulls); traits.addProperty("keys", keys);
    answer.add("traits", traits);
    if (!unsupported.isEmpty()) answer.add("unsupported", envelope.toJsonTree(unsupported));
    answer.addProperty("timeout", timed && timeout != null ? "configured" : "unsupported");
    if (!unsupportedParameters.isEmpty()) answer.add("unsupportedParameters", envelope.toJsonTree(unsupportedParameters));
    return answer;
  }

  /** JSON with every non-ASCII character escaped: exact for any string, lone surrogates included. */
  String ascii(JsonElement e) {
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
    serve(System.in, out);
  }

  /** The loop over any streams (tests drive it this way). */
  public void serve(InputStream input, OutputStream output) throws Exception {
    PrintStream out = output instanceof PrintStream ? (PrintStream) output : new PrintStream(output, false, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
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
