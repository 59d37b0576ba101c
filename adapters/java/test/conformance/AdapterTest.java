package conformance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.SerializedName;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Java helper's hooks, each with its defaults. No test framework on the classpath (only Gson):
 * a main that counts checks and exits 1 on the first failure. Run by adapters/kits.test.ts.
 */
public final class AdapterTest {
  private static int checks;

  private static void check(Object expected, Object actual, String what) {
    checks++;
    if (!String.valueOf(expected).equals(String.valueOf(actual))) {
      System.err.println("FAILED: " + what + "\n  expected: " + expected + "\n  actual:   " + actual);
      System.exit(1);
    }
  }

  // An SDK's exceptions: a base with the status under another name, a decode error extending it.
  static class SdkException extends RuntimeException {
    SdkException(String m) { super(m); }
  }
  static class ResponseValidationException extends SdkException {
    ResponseValidationException(String m) { super(m); }
  }
  static class ConnectionException extends RuntimeException {
    ConnectionException(String m) { super(m); }
  }
  static class StatusCodeException extends SdkException {
    private final int statusCode; private final String responseBody;
    StatusCodeException(int statusCode, String responseBody) { super("failed"); this.statusCode = statusCode; this.responseBody = responseBody; }
    public int getStatusCode() { return statusCode; }
    public String getResponseBody() { return responseBody; }
  }
  static class FieldException extends SdkException {
    private final int status = 400; private final byte[] body = "{\"resultCode\":\"A001201\"}".getBytes(StandardCharsets.UTF_8);
    FieldException() { super("failed"); }
  }
  /** Like java.net.http.HttpResponse: statusCode() and body(). */
  public static class Response {
    private final int code; private final String text;
    Response(int code, String text) { this.code = code; this.text = text; }
    public int statusCode() { return code; }
    public String body() { return text; }
  }
  static class WrappingException extends SdkException {
    private final Response response;
    WrappingException(Response r) { super("failed"); this.response = r; }
    public Response getResponse() { return response; }
  }
  static class OwnCodeException extends SdkException {
    OwnCodeException() { super("failed"); }
    public String getStatus() { return "400"; }
    public String getResultCode() { return "A001202"; }
  }

  enum Action { OK, @SerializedName("BAD_REQUEST") badRequest }
  static class Model {
    Action action = Action.badRequest;
    Long expiresAt = Long.MAX_VALUE;
    BigInteger big = new BigInteger("18446744073709551615");
    URI uri = URI.create("https://as.example/cb/ü");
    Date issued = Date.from(Instant.parse("2024-01-02T03:04:05Z"));
    OffsetDateTime at = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(9));
    LocalDate day = LocalDate.of(2024, 1, 2);
    Optional<String> none = Optional.empty();
    Optional<String> some = Optional.of("x");
    String absent;
  }
  static class Money {
    final long cents;
    Money(long cents) { this.cents = cents; }
  }
  public static class UpdateRequest {
    String clientName;
  }
  public static class Api {
    final List<String> seen = new ArrayList<>();
    public void deleteClient(long id) { seen.add("long " + id); }
    public void deleteClient(String id) { seen.add("String " + id); }
    public Map<String, String> update(String id, UpdateRequest body) { return Map.of("id", id, "name", body.clientName); }
    public Api clients() { return this; }
    public Object fail(String id) { throw new StatusCodeException(404, "{\"resultCode\":\"A001215\"}"); }
  }

  private static Adapter<Api> adapter(Api api) {
    return Adapter.<Api>named("t", "s", "1").client((u, s, t) -> api).api(SdkException.class).decode(ResponseValidationException.class).transport(ConnectionException.class);
  }

  private static JsonObject call(Adapter<?> a, String op, String request) {
    JsonObject msg = JsonParser.parseString("{\"version\":1,\"seq\":2,\"cmd\":\"call\",\"id\":\"x\",\"operationId\":\"" + op + "\",\"baseUrl\":\"http://127.0.0.1:9\","
        + "\"credentials\":{\"serviceId\":\"42\",\"accessToken\":\"t\"},\"request\":" + request + "}").getAsJsonObject();
    return a.handle(msg);
  }
  private static final String TOKEN = "{\"pathParams\":{\"serviceId\":\"42\"},\"query\":{},\"body\":{\"parameters\":\"p\"}}";
  private static final String CLIENT = "{\"pathParams\":{\"serviceId\":\"42\",\"clientId\":\"1001\"},\"query\":{},\"body\":{\"clientName\":\"x\"}}";

  private static String throwing(Adapter<Api> a, RuntimeException e) {
    return a.ascii(call(a.operation("auth_token_api", (c, r) -> { throw e; }), "auth_token_api", TOKEN));
  }
  private static String returning(Adapter<Api> a, Object value) {
    return a.ascii(call(a.operation("auth_token_api", (c, r) -> value), "auth_token_api", TOKEN));
  }

  public static void main(String[] args) throws Exception {
    // Errors by the closest class, whatever the order the kinds are declared in.
    Adapter<Api> apiFirst = adapter(new Api());
    Adapter<Api> decodeFirst = Adapter.<Api>named("t", "s", "1").client((u, s, t) -> new Api()).decode(ResponseValidationException.class).transport(ConnectionException.class).api(SdkException.class);
    for (Adapter<Api> a : List.of(apiFirst, decodeFirst)) {
      check("{\"error\":{\"kind\":\"decode\",\"message\":\"bad\"}}", throwing(a, new ResponseValidationException("bad")), "decode subclass of the base");
      check("{\"error\":{\"kind\":\"api\",\"message\":\"x\"}}", throwing(a, new SdkException("x")), "base is api");
      check("{\"error\":{\"kind\":\"transport\",\"message\":\"reset\"}}", throwing(a, new ConnectionException("reset")), "transport");
      check("{\"error\":{\"kind\":\"unexpected\",\"message\":\"java.lang.NullPointerException: x\"}}", throwing(a, new NullPointerException("x")), "unexpected");
    }
    Predicate<Throwable> wrapsIo = e -> e.getCause() instanceof java.io.IOException;
    Adapter<Api> predicates = Adapter.<Api>named("t", "s", "1").client((u, s, t) -> new Api()).api(e -> e instanceof StatusCodeException).transport(wrapsIo);
    check("{\"error\":{\"kind\":\"transport\",\"message\":\"offline\",\"cause\":\"java.io.IOException: reset\"}}", throwing(predicates, new SdkException("offline") { { initCause(new java.io.IOException("reset")); } }), "a predicate");
    check("{\"error\":{\"kind\":\"adapter\",\"message\":\"conformance.AdapterTest$SdkException matches the api and decode errors equally: make their classes or predicates tell them apart\"}}",
        throwing(Adapter.<Api>named("t", "s", "1").client((u, s, t) -> new Api()).api(SdkException.class).decode(e -> true), new SdkException("x")), "ambiguous kinds");
    check("{\"error\":{\"kind\":\"adapter\",\"message\":\"the api error matcher threw java.lang.IllegalStateException: boom\"}}",
        throwing(Adapter.<Api>named("t", "s", "1").client((u, s, t) -> new Api()).api(e -> { throw new IllegalStateException("boom"); }), new SdkException("x")), "a throwing matcher");

    // Status, resultCode and body under the names SDKs use.
    check("{\"error\":{\"kind\":\"api\",\"message\":\"failed\",\"status\":400,\"resultCode\":\"A001201\",\"body\":\"{\\\"resultCode\\\":\\\"A001201\\\"}\"}}", throwing(apiFirst, new StatusCodeException(400, "{\"resultCode\":\"A001201\"}")), "getStatusCode() and getResponseBody()");
    check("{\"error\":{\"kind\":\"api\",\"message\":\"failed\",\"status\":400,\"resultCode\":\"A001201\",\"body\":\"{\\\"resultCode\\\":\\\"A001201\\\"}\"}}", throwing(apiFirst, new FieldException()), "private fields, body bytes");
    check("{\"error\":{\"kind\":\"api\",\"message\":\"failed\",\"status\":503,\"resultCode\":\"A001101\",\"body\":\"{\\\"resultCode\\\":\\\"A001101\\\"}\"}}", throwing(apiFirst, new WrappingException(new Response(503, "{\"resultCode\":\"A001101\"}"))), "getResponse().statusCode()");
    check("{\"error\":{\"kind\":\"api\",\"message\":\"failed\",\"status\":400,\"resultCode\":\"A001202\"}}", throwing(apiFirst, new OwnCodeException()), "its own resultCode, a numeric String status");
    check("{\"error\":{\"kind\":\"api\",\"message\":\"failed\",\"body\":\"<html>oops</html>\"}}", throwing(apiFirst, new StatusCodeException(0, "<html>oops</html>")), "nothing made up");
    Adapter<Api> hooks = adapter(new Api()).status(e -> 418).body(e -> "{\"resultCode\":\"X\"}");
    check("{\"error\":{\"kind\":\"api\",\"message\":\"x\",\"status\":418,\"resultCode\":\"X\",\"body\":\"{\\\"resultCode\\\":\\\"X\\\"}\"}}", throwing(hooks, new SdkException("x")), "hooks");
    check("{\"error\":{\"kind\":\"adapter\",\"message\":\"adapter hook failed: java.lang.IllegalStateException: no\"}}",
        throwing(adapter(new Api()).status(e -> { throw new IllegalStateException("no"); }), new SdkException("x")), "a throwing hook");

    // Models: wire strings for URI and dates, enums by name, exact integers, Optional, absent nulls.
    check("\"https://as.example/cb/%C3%BC\"", new Gson().toJson(URI.create("https://as.example/cb/ü")), "plain Gson percent-encodes a URI (why the helper writes its own)");
    check("{\"result\":{\"decoded\":{\"action\":\"BAD_REQUEST\",\"expiresAt\":9223372036854775807,\"big\":18446744073709551615,\"uri\":\"https://as.example/cb/\\u00fc\","
        + "\"issued\":\"2024-01-02T03:04:05Z\",\"at\":\"2024-01-02T03:04:05+09:00\",\"day\":\"2024-01-02\",\"some\":\"x\"}}}", returning(adapter(new Api()), new Model()), "a model");
    Gson sdkGson = new GsonBuilder().registerTypeAdapter(Date.class, (JsonSerializer<Date>) (d, t, c) -> new JsonPrimitive(d.getTime())).create();
    check("{\"result\":{\"decoded\":1704164645000}}", returning(adapter(new Api()).gson(sdkGson), Date.from(Instant.parse("2024-01-02T03:04:05Z"))), "the SDK's own Gson adapter wins");
    check("{\"result\":{\"decoded\":{\"price\":\"1.50 EUR\"}}}", returning(adapter(new Api()).json(Money.class, m -> String.format("%d.%02d EUR", m.cents / 100, m.cents % 100)), Map.of("price", new Money(150))), "an encoder");
    check("{\"result\":{\"decoded\":{\"n\":9223372036854775807,\"f\":1.0}}}", returning(adapter(new Api()).serializer(v -> "{\"n\": 9223372036854775807, \"f\": 1.0}"), new Object()), "a serializer (Jackson's writeValueAsString)");
    check("{\"error\":{\"kind\":\"adapter\",\"message\":\"the serializer wrote no JSON document: {n: 1}\"}}", returning(adapter(new Api()).serializer(v -> "{n: 1}"), new Object()), "a serializer writing non-JSON");
    check("{\"error\":{\"kind\":\"adapter\",\"message\":\"adapter hook failed: java.lang.IllegalArgumentException: NaN is not a valid double value as per JSON specification. To override this behavior, use GsonBuilder.serializeSpecialFloatingPointValues() method.\"}}",
        returning(adapter(new Api()), Map.of("n", Double.NaN)), "NaN");

    // Results: void, list, raw JSON text.
    check("{\"result\":{}}", adapter(new Api()).ascii(call(adapter(new Api()).voidOperation("client_delete_api", (c, r) -> c.deleteClient(r.path("clientId"))), "client_delete_api", CLIENT)), "void");
    check("{\"result\":{\"decoded\":[{\"action\":\"OK\"},{\"action\":\"BAD_REQUEST\"}]}}", returning(adapter(new Api()), List.of(Map.of("action", Action.OK), Map.of("action", Action.badRequest))), "a list");
    check("{\"result\":{\"decoded\":{\"keys\":[],\"n\":9223372036854775807}}}", returning(adapter(new Api()), Adapter.jsonText("{\"keys\": [], \"n\": 9223372036854775807}")), "raw JSON text");
    check("{\"result\":{\"decoded\":\"<html>\"}}", returning(adapter(new Api()), Adapter.jsonText("<html>")), "raw text that is not JSON");
    check("{\"result\":{\"decoded\":\"{a: 1}\"}}", returning(adapter(new Api()), Adapter.jsonText("{a: 1}")), "lenient JSON is not JSON");

    // Positional and overloaded calls by method name.
    Api api = new Api();
    Adapter<Api> named = adapter(api).method("client_delete_api", "deleteClient").method("client_update_api", "clients.update").method("client_get_api", "get").method("client_fail_api", "fail");
    check("{\"result\":{}}", named.ascii(call(named, "client_delete_api", "{\"pathParams\":{\"serviceId\":\"42\",\"clientId\":\"7\"},\"query\":{}}")), "a void overload");
    check("[String 7]", api.seen, "the String overload fits best");
    check("{\"result\":{\"decoded\":{\"id\":\"1001\",\"name\":\"x\"}}}", named.ascii(call(named, "client_update_api", CLIENT)).replace("{\"name\":\"x\",\"id\":\"1001\"}", "{\"id\":\"1001\",\"name\":\"x\"}"), "the body read into the request model");
    check("{\"error\":{\"kind\":\"adapter\",\"message\":\"the client has no method get taking 2 argument(s) that fit (\\\"1001\\\", a JSON object)\"}}", named.ascii(call(named, "client_get_api", CLIENT)), "no such method");
    check("{\"error\":{\"kind\":\"api\",\"message\":\"failed\",\"status\":404,\"resultCode\":\"A001215\",\"body\":\"{\\\"resultCode\\\":\\\"A001215\\\"}\"}}", named.ascii(call(named, "client_fail_api", "{\"pathParams\":{\"clientId\":\"1\"},\"query\":{}}")), "the SDK's exception through reflection");
    Adapter<Api> badBody = adapter(api).operation("client_update_api", (c, r) -> r.body(Long.class));
    check("adapter", call(badBody, "client_update_api", CLIENT).getAsJsonObject("error").get("kind").getAsString(), "a body that does not read as the model is the adapter's failure");
    check("{\"unsupported\":{\"message\":\"auth_revocation_api is not implemented by s\"}}", named.ascii(call(named, "auth_revocation_api", TOKEN)), "unsupported");

    System.out.println(checks + " checks passed");
  }
}
