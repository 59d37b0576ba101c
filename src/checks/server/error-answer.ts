import type { ServerCheck } from "./common.ts";
import { answered, errorAnswerCase, fail, skip } from "./common.ts";

/**
 * Stack traces and framework debug output, by the marks they leave. Each names what it found;
 * the patterns ask for the shape of a frame, not a word, so prose about errors does not match.
 */
const DEBUG_MARKS: Array<[RegExp, string]> = [
  [/Traceback \(most recent call last\)/, "a Python traceback"],
  [/^\s*File "[^"]+", line \d+, in \S+/m, "a Python stack frame"],
  [/^\s*at [\w$.<>]+\([\w$]+\.(java|kt|scala):\d+\)/m, "a Java stack frame"],
  [/Exception in thread "|^\s*Caused by: [\w.$]+(Exception|Error)\b/m, "a Java exception trace"],
  [/^\s*at (?:async )?(?:[^\n(]+ \()?(?:file:\/\/|node:|\/)[^\n)]*:\d+:\d+\)?\s*$/m, "a Node.js stack frame"],
  [/\.rb:\d+:in [`']/, "a Ruby backtrace"],
  [/^goroutine \d+ \[running\]:/m, "a Go panic"],
  [/\.php(?::| on line )\d+|Stack trace:\s*\n#0 /, "a PHP trace"],
  [/Werkzeug Debugger|The debugger caught an exception/, "the Werkzeug (Flask) debugger page"],
  [/You(?:'|&#x27;|&#39;)re seeing this error because you have <code>DEBUG = True<\/code>/, "the Django debug page"],
  [/Whitelabel Error Page/, "the Spring Boot error page"],
  [/Action Controller: Exception caught|<title>Action Controller/, "the Rails debug page"],
  [/Server Error in '[^']*' Application/, "the ASP.NET error page"],
  [/<pre>\w*Error: [^<]*<br> &nbsp; &nbsp;at /, "the Express error page"],
  [/Whoops! There was an error|Symfony Exception/, "a PHP framework debug page"],
];

/** Media types an error answer may use: JSON (as Authlete's responseContent) or plain text (jaxrs' unknown action). */
const ERROR_MEDIA = /^(application\/([\w.+-]+\+)?json|text\/plain)$/i;

/**
 * server.error-answer: every error answer the facts do not spell out (unknown action, upstream
 * failure, any other 5xx) has a body as the facts say, JSON or plain text, never an HTML page,
 * and no stack trace or framework debug output.
 */
export const errorAnswer: ServerCheck = {
  name: "server.error-answer",
  severity: "fail",
  run(o) {
    if (!errorAnswerCase(o)) return skip("only for error answers to unknown actions, upstream failures and other 5xx");
    const a = answered(o)!;
    const found = DEBUG_MARKS.find(([re]) => re.test(a.body));
    if (found)
      return fail(`a ${a.status} answer with ${found[1]}`, "an error answer without stack traces or debug output");
    if (a.body.trim() === "") return { status: "pass" };
    const ct = (a.headers["content-type"] ?? "").split(";")[0]!.trim();
    if (/html/i.test(ct) || /^\s*<(!doctype|html)\b/i.test(a.body))
      return fail(`a ${a.status} HTML page (Content-Type: ${ct || "(none)"})`, "a JSON or plain-text error body");
    if (!ERROR_MEDIA.test(ct))
      return fail(`a ${a.status} answer with Content-Type: ${ct || "(none)"}`, "a JSON or plain-text error body");
    return { status: "pass" };
  },
};

export { DEBUG_MARKS };
