// Every request carries the token the operator entered (needed only off loopback).

function headers() {
  const token = sessionStorage.getItem('butterfly-token');
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** GETs or POSTs JSON; a failed answer throws an Error with the envelope's message. */
export async function api(path, body) {
  const init =
    body === undefined
      ? { headers: headers() }
      : {
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        };
  const response = await fetch(path, init);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(
      answer.error ? `${answer.error.code}: ${answer.error.message}` : `HTTP ${response.status}`,
    );
  return answer;
}

/**
 * Reads a server-sent event stream with fetch (EventSource cannot send the token header) and
 * calls `onEvent` with each event's parsed data; reconnects after a second when it ends.
 */
export async function stream(path, onEvent, onState) {
  for (;;) {
    try {
      const response = await fetch(path, { headers: headers() });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      onState(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (data) onEvent(JSON.parse(data));
        }
      }
    } catch {
      // The state line tells the operator; the loop retries.
    }
    onState(false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
