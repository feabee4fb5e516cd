import type { Plugin } from 'graphql-yoga';

/**
 * `GET /token`: the emulator's stand-in for `https://app.<domain>/token` on a real installation, where a signed-in
 * user copies a token for the CLI. Here a local user signs in with email and password; the page calls
 * `createToken` on this server's `/v1` and shows the token to copy. Self-contained: no external scripts or styles.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>houston-mock: get a token</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1d1d3b; }
  label { display: block; margin: .75rem 0 .25rem; }
  input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  button { margin-top: 1rem; padding: .5rem 1.25rem; font-size: 1rem; }
  textarea { width: 100%; height: 7rem; font-family: monospace; margin-top: .5rem; box-sizing: border-box; }
  .error { color: #b00020; }
  .muted { color: #555; font-size: .9rem; }
</style>
</head>
<body>
<h1>Get a Houston token</h1>
<p class="muted">houston-mock, a local emulator of the Houston API. Sign in as a local user; the token goes in the
<code>authorization</code> header (or <code>astro login</code>'s token prompt).</p>
<form id="login">
  <label for="identity">Email or username</label>
  <input id="identity" name="identity" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Get token</button>
</form>
<p id="error" class="error" role="alert"></p>
<div id="result" hidden>
  <label for="token">Your token (valid for the platform's <code>jwt.authDuration</code>)</label>
  <textarea id="token" readonly></textarea>
  <button type="button" id="copy">Copy</button>
</div>
<script>
  const form = document.getElementById('login');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    document.getElementById('error').textContent = '';
    const response = await fetch('/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation Login($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { token { value } } }',
        variables: { identity: form.identity.value, password: form.password.value },
      }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length) {
      document.getElementById('error').textContent = body.errors[0].message;
      document.getElementById('result').hidden = true;
      return;
    }
    document.getElementById('token').value = body.data.createToken.token.value;
    document.getElementById('result').hidden = false;
  });
  document.getElementById('copy').addEventListener('click', () => {
    const box = document.getElementById('token');
    box.select();
    navigator.clipboard?.writeText(box.value);
  });
</script>
</body>
</html>
`;

export function tokenPagePlugin(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/token' || request.method !== 'GET') return;
      endResponse(new fetchAPI.Response(PAGE, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }));
    },
  };
}
