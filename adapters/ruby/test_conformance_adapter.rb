# The Ruby helper's hooks, each with its defaults: ruby adapters/ruby/test_conformance_adapter.rb
require "minitest/autorun"
require "stringio"
require_relative "conformance_adapter"

module Helpers
  TOKEN = { "pathParams" => { "serviceId" => "42" }, "query" => {}, "body" => { "parameters" => "p" } }.freeze

  # Runs serve on a start, the given calls and a stop; returns the answer lines as written.
  def exchange(*calls, **definition)
    base = { name: "t", sdk: %w[s 1], client: ->(_url, _creds) { Object.new }, operations: {}, errors: {} }.merge(definition)
    msgs = [{ "version" => 1, "seq" => 1, "cmd" => "start" }]
    calls.each_with_index do |(op, request), i|
      msgs << { "version" => 1, "seq" => i + 2, "cmd" => "call", "id" => "x", "operationId" => op, "baseUrl" => "http://127.0.0.1:9",
                "credentials" => { "serviceId" => "42", "accessToken" => "t" }, "request" => request }
    end
    msgs << { "version" => 1, "seq" => 99, "cmd" => "stop" }
    stdin, stdout, out = $stdin, $stdout, StringIO.new
    $stdin = StringIO.new(msgs.map { |m| "#{JSON.generate(m)}\n" }.join)
    $stdout = out
    begin
      ConformanceAdapter.serve(**base)
    ensure
      $stdin, $stdout = stdin, stdout
    end
    out.string.lines.map(&:chomp)[1..-2]
  end

  def answer(result = nil, raises: nil, **definition)
    op = ->(_c, _r) { raises ? raise(raises) : result }
    JSON.parse(exchange(["auth_token_api", TOKEN], operations: { "auth_token_api" => op }, **definition)[0])
  end
end

class SdkError < StandardError; end
class ResponseValidationError < SdkError; end
class ConnectionFailed < StandardError; end

class ClassifyTest < Minitest::Test
  include Helpers

  def test_closest_class_wins_whatever_the_order
    [{ api: SdkError, decode: ResponseValidationError, transport: ConnectionFailed },
     { decode: ResponseValidationError, transport: ConnectionFailed, api: SdkError }].each do |errors|
      assert_equal :decode, ConformanceAdapter.classify(ResponseValidationError.new, errors)
      assert_equal :api, ConformanceAdapter.classify(SdkError.new, errors)
      assert_equal :transport, ConformanceAdapter.classify(ConnectionFailed.new, errors)
      assert_nil ConformanceAdapter.classify(KeyError.new, errors)
    end
  end

  def test_predicates_and_arrays
    errors = { api: ->(e) { e.is_a?(SdkError) && e.message.start_with?("4") }, transport: [ConnectionFailed, ->(e) { e.cause.is_a?(IOError) }] }
    assert_equal :api, ConformanceAdapter.classify(SdkError.new("400"), errors)
    wrapped = begin
      begin
        raise IOError, "reset"
      rescue IOError
        raise SdkError, "offline"
      end
    rescue SdkError => e
      e
    end
    assert_equal :transport, ConformanceAdapter.classify(wrapped, errors)
    assert_nil ConformanceAdapter.classify(SdkError.new("other"), errors)
  end

  def test_ambiguity_and_a_raising_matcher_are_the_adapters_failure
    assert_equal({ "kind" => "adapter", "message" => "SdkError matches the api and decode errors equally: make their classes or predicates tell them apart" },
                 answer(raises: SdkError.new("x"), errors: { api: SdkError, decode: ->(_e) { true } })["error"])
    got = answer(raises: SdkError.new("x"), errors: { api: ->(e) { e.no_such_method } })["error"]
    assert_equal "adapter", got["kind"]
    assert_match(/the api error matcher raised NoMethodError/, got["message"])
  end

  def test_anything_else_is_unexpected
    assert_equal({ "kind" => "unexpected", "message" => "TypeError: no implicit conversion of nil into String" },
                 answer(raises: TypeError.new("no implicit conversion of nil into String"), errors: { api: SdkError })["error"])
  end
end

# An error with the given readers, the way SDKs expose what they carry.
def sdk_error(**attrs)
  e = SdkError.new("failed")
  attrs.each { |k, v| e.define_singleton_method(k) { v } }
  e
end

Response = Struct.new(:status, :status_code, :code, :body, keyword_init: true)

class ErrorDetailsTest < Minitest::Test
  include Helpers

  def test_status_under_each_common_spelling
    [{ status: 400 }, { status_code: 400 }, { statusCode: 400 }, { code: 400 }, { response_status: 400 }, { response: Response.new(status: 400) },
     { response: Response.new(status_code: 400) }, { response: Response.new(code: "400") }, { response: { status: 400 } },
     { raw_response: Response.new(status: 400) }, { status: "400" }].each do |attrs|
      assert_equal({ "kind" => "api", "message" => "failed", "status" => 400 }, answer(raises: sdk_error(**attrs), errors: { api: SdkError })["error"], attrs.inspect)
    end
  end

  def test_result_code_from_the_error_or_its_raw_body
    raw = '{"resultCode":"A001201"}'
    # The raw body is kept as text, so a maintainer sees what Authlete sent.
    [[{ result_code: "A001201" }, nil], [{ response_body: raw }, raw], [{ body: { "resultCode" => "A001201" } }, raw],
     [{ response: Response.new(body: raw) }, raw], [{ response: { body: raw } }, raw]].each do |attrs, body|
      want = { "kind" => "api", "message" => "failed", "status" => 400, "resultCode" => "A001201" }
      want["body"] = body if body
      assert_equal(want, answer(raises: sdk_error(status: 400, **attrs), errors: { api: SdkError })["error"], attrs.inspect)
    end
  end

  def test_nothing_made_up
    assert_equal({ "kind" => "api", "message" => "failed", "body" => "<html>oops</html>" },
                 answer(raises: sdk_error(status: 42, body: "<html>oops</html>"), errors: { api: SdkError })["error"])
  end

  def test_hooks_replace_the_defaults_and_a_raising_hook_is_the_adapters_failure
    e = sdk_error(meta: { http: 503, text: '{"resultCode":"A001101"}' })
    hooks = { errors: { api: SdkError }, status: ->(x) { x.meta[:http] }, body: ->(x) { x.meta[:text] } }
    assert_equal({ "kind" => "api", "message" => "failed", "status" => 503, "resultCode" => "A001101", "body" => '{"resultCode":"A001101"}' },
                 answer(raises: e, **hooks)["error"])
    assert_equal({ "kind" => "adapter", "message" => "adapter hook failed: ZeroDivisionError: divided by 0" },
                 answer(raises: e, **hooks, result_code: ->(_x, _b) { 1 / 0 })["error"])
  end
end

# A hand-written model: no to_h, no to_hash, just instance variables.
class TokenResponse
  attr_reader :action, :access_token_expires_at
  def initialize(action, at)
    @action = action
    @access_token_expires_at = at
    @refresh_token = nil
  end
end

# A generated model: to_hash with the wire's key names.
class GeneratedModel
  def to_hash = { clientId: 9_223_372_036_854_775_807, clientIdAlias: nil }
end

Pair = Struct.new(:key, :value)

class ModelsTest < Minitest::Test
  def data(value, **opts) = ConformanceAdapter.to_json_data(value, opts.fetch(:nulls, "absent"), opts.fetch(:encoders, {}))

  def test_common_model_styles
    assert_equal({ "action" => "OK", "access_token_expires_at" => 9_223_372_036_854_775_807 }, data(TokenResponse.new(:OK, 9_223_372_036_854_775_807)))
    assert_equal({ "action" => "OK", "access_token_expires_at" => 1, "refresh_token" => nil }, data(TokenResponse.new(:OK, 1), nulls: "keep"))
    assert_equal({ "clientId" => 9_223_372_036_854_775_807 }, data(GeneratedModel.new))
    assert_equal({ "key" => "k", "value" => ["openid"] }, data(Pair.new("k", Set["openid"])))
  end

  def test_times_dates_and_uris_as_wire_strings
    assert_equal ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.250+09:00", "2024-01-02", "https://as.example/cb?x=%C3%BC", "https://as.example/ü"],
                 data([Time.utc(2024, 1, 2, 3, 4, 5), Time.new(2024, 1, 2, 3, 4, Rational(5250, 1000), "+09:00"), Date.new(2024, 1, 2),
                       URI("https://as.example/cb?x=%C3%BC"), "https://as.example/ü"])
  end

  def test_encoders_first
    assert_equal({ "at" => 738_887 }, data({ at: Date.new(2024, 1, 2) }, encoders: { Date => ->(d) { d.jd - 1_721_425 } }))
  end
end

class ResultsTest < Minitest::Test
  include Helpers

  def test_void_list_and_model_results
    assert_equal({ "seq" => 2, "result" => {} }, answer(nil))
    assert_equal({ "result" => { "decoded" => [{ "key" => "a" }, { "key" => "b", "value" => 1 }] }, "seq" => 2 }, answer([Pair.new("a"), Pair.new("b", 1)]))
  end

  def test_raw_json_text_goes_in_as_written
    line = exchange(["auth_token_api", TOKEN], operations: { "auth_token_api" => ->(_c, _r) { ConformanceAdapter.json_text(%({"n": 9223372036854775807,\n "f": 1.0, "s": "ü😀"})) } })[0]
    assert_equal '{"result":{"decoded":{"n": 9223372036854775807,  "f": 1.0, "s": "\u00fc\ud83d\ude00"}},"seq":2}', line
    assert_equal "ü😀", JSON.parse(line)["result"]["decoded"]["s"]
  end

  def test_raw_text_that_is_not_json_is_the_string_the_sdk_handed_over
    assert_equal({ "decoded" => "<html>" }, answer(ConformanceAdapter.json_text("<html>"))["result"])
  end

  def test_what_cannot_be_json_is_the_adapters_failure
    assert_equal({ "kind" => "adapter", "message" => "NaN at /n is not JSON" }, answer({ n: Float::NAN })["error"])
    assert_equal({ "kind" => "adapter", "message" => "cannot turn Object at /x into JSON: give encoders: { Object => ->(v) { ... } }" }, answer({ x: Object.new })["error"])
  end
end

class CallsTest < Minitest::Test
  include Helpers
  REQUEST = { "pathParams" => { "serviceId" => "42", "clientId" => "1001" }, "query" => {}, "body" => { "clientName" => "x" } }.freeze

  def test_args_and_kwargs
    assert_equal ["1001", { "clientName" => "x" }], ConformanceAdapter.args(REQUEST)
    assert_equal({ client_name: "x" }, ConformanceAdapter.kwargs(REQUEST))
  end

  def test_a_method_name_is_called_with_positional_arguments
    clients = Class.new { def update(id, body) = { "client_id" => id, "name" => body["clientName"] } }.new
    api = Class.new do
      attr_reader :deleted
      define_method(:clients) { clients }
      def delete_client(id) = (@deleted = id) && nil
    end.new
    lines = exchange(["client_update_api", REQUEST], ["client_delete_api", { "pathParams" => { "serviceId" => "42", "clientId" => "7" }, "query" => {} }],
                     ["client_get_api", REQUEST], client: ->(_u, _c) { api },
                     operations: { "client_update_api" => "clients.update", "client_delete_api" => :delete_client, "client_get_api" => "get_client" })
    assert_equal [{ "result" => { "decoded" => { "client_id" => "1001", "name" => "x" } }, "seq" => 2 }, { "result" => {}, "seq" => 3 },
                  { "error" => { "kind" => "adapter", "message" => "the client has no method get_client" }, "seq" => 4 }], lines.map { |l| JSON.parse(l) }
    assert_equal "7", api.deleted
  end
end
