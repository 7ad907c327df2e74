// Frames of third-party and standard-library code, so that the demo's tracebacks read like the
// ones a real service produces (the failing line is rarely in your own file).

export interface LibraryFrame {
  file: string;
  line: number;
  fn: string;
  text: string;
}

const SITE = '/opt/shop/.venv/lib/python3.12/site-packages';
const STDLIB = '/usr/lib/python3.12';

const frame = (file: string, line: number, fn: string, text: string): LibraryFrame => ({ file, line, fn, text });

/** The tracer's own decorator: every traced call's traceback starts here. */
export const TRACER_WRAPPER = frame(`${SITE}/tracer/decorators.py`, 88, 'wrapper', 'result = fn(*args, **kwargs)');

export const LIB = {
  requestsPost: [
    frame(`${SITE}/requests/api.py`, 115, 'post', 'return request("post", url, data=data, json=json, **kwargs)'),
    frame(`${SITE}/requests/sessions.py`, 589, 'request', 'resp = self.send(prep, **send_kwargs)'),
    frame(`${SITE}/requests/adapters.py`, 713, 'send', 'raise ReadTimeout(e, request=request)'),
  ],
  requestsGet: [
    frame(`${SITE}/requests/sessions.py`, 602, 'get', 'return self.request("GET", url, **kwargs)'),
    frame(`${SITE}/requests/sessions.py`, 589, 'request', 'resp = self.send(prep, **send_kwargs)'),
    frame(`${SITE}/requests/adapters.py`, 700, 'send', 'raise ConnectionError(e, request=request)'),
  ],
  psycopgExecute: [frame(`${SITE}/psycopg/cursor.py`, 732, 'execute', 'raise ex.with_traceback(None)')],
  redisCommand: [
    frame(`${SITE}/redis/commands/core.py`, 1829, 'get', 'return self.execute_command("GET", name, keys=[name])'),
    frame(`${SITE}/redis/client.py`, 559, 'execute_command', 'return self._execute_command(*args, **options)'),
    frame(`${SITE}/redis/connection.py`, 363, 'connect', 'raise ConnectionError(self._error_message(e))'),
  ],
  redisRead: [
    frame(
      `${SITE}/redis/client.py`,
      585,
      '_send_command_parse_response',
      'return self.parse_response(conn, command_name, **options)',
    ),
    frame(
      `${SITE}/redis/connection.py`,
      595,
      'read_response',
      'raise TimeoutError(f"Timeout reading from {host_error}")',
    ),
  ],
  smtpSend: [
    frame(`${STDLIB}/smtplib.py`, 883, 'sendmail', '(code, resp) = self.mail(from_addr, esmtp_opts)'),
    frame(`${STDLIB}/smtplib.py`, 405, 'getreply', 'raise SMTPServerDisconnected("Connection unexpectedly closed")'),
  ],
  smtpRcpt: [frame(`${STDLIB}/smtplib.py`, 896, 'sendmail', 'raise SMTPRecipientsRefused(senderrs)')],
  httpxPost: [
    frame(`${SITE}/httpx/_client.py`, 1144, 'post', 'return self.request('),
    frame(
      `${SITE}/httpx/_client.py`,
      825,
      'request',
      'return self.send(request, auth=auth, follow_redirects=follow_redirects)',
    ),
    frame(`${SITE}/httpx/_transports/default.py`, 118, 'map_httpcore_exceptions', 'raise mapped_exc(message) from exc'),
  ],
  httpxRaise: [
    frame(
      `${SITE}/httpx/_models.py`,
      829,
      'raise_for_status',
      'raise HTTPStatusError(message, request=request, response=self)',
    ),
  ],
  jinjaRender: [
    frame(`${SITE}/jinja2/environment.py`, 1295, 'render', 'self.environment.handle_exception()'),
    frame(`${SITE}/jinja2/environment.py`, 942, 'handle_exception', 'raise rewrite_traceback_stack(source=source)'),
  ],
  pydanticValidate: [
    frame(`${SITE}/pydantic/main.py`, 627, 'model_validate', 'return cls.__pydantic_validator__.validate_python('),
  ],
  twilioCreate: [
    frame(
      `${SITE}/twilio/rest/api/v2010/account/message/__init__.py`,
      735,
      'create',
      'payload = self._version.create(',
    ),
    frame(
      `${SITE}/twilio/base/version.py`,
      465,
      'create',
      'raise self.exception(method, uri, response, "Unable to create record")',
    ),
  ],
  kombuPublish: [
    frame(`${SITE}/celery/app/task.py`, 444, 'delay', 'return self.apply_async(args, kwargs)'),
    frame(`${SITE}/kombu/connection.py`, 476, '_reraise_as_library_errors', 'raise ConnectionError(str(exc)) from exc'),
  ],
} as const;
