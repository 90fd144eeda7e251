// An OpenID Connect provider on loopback for the single sign-on tests (npm oidc-provider,
// with its built-in development login form). It is a test fixture, not a real identity
// provider: the form accepts the test accounts below with the password TEST_PASSWORD and
// nothing else.
//
//   node tests/oidc/provider.mjs [PORT]
//
// Prints "ready http://127.0.0.1:PORT" once it listens and exits when its standard input
// closes (the test process that started it ended), so nothing outlives the tests.
// The client: id "sachstand", secret "sachstand-test-secret", any redirect URI
// http://127.0.0.1:<port>/anmelden/sso/rueckruf (the tests' apps run on random ports).

import Provider from 'oidc-provider';

export const CLIENT_ID = 'sachstand';
export const CLIENT_SECRET = 'sachstand-test-secret';
export const TEST_PASSWORD = 'Stadt-Konto-Test-1';

// login → claims. `roles` is the claim Sachstand is configured to read.
const ACCOUNTS = {
  'erika.sso': { email: 'erika@stadt.example', name: 'Erika Beispiel', roles: ['mitarbeitende', 'sachstand-ag'] },
  'olaf.sso': { email: 'olaf@stadt.example', name: 'Olaf Leitung', roles: ['sachstand-leitung'] },
  'ada.sso': { email: 'ada@stadt.example', name: 'Ada Admin', roles: ['sachstand-admin'] },
  'otto.sso': { email: 'otto@stadt.example', name: 'Otto Ohnerolle', roles: ['mitarbeitende'] },
};

const port = Number(process.argv[2] || process.env.OIDC_PORT || 0);

function claimsOf(login) {
  const a = ACCOUNTS[login];
  return {
    sub: login,
    email: a.email,
    email_verified: true,
    name: a.name,
    preferred_username: login,
    roles: a.roles,
  };
}

async function main() {
  const server = await new Promise((resolve) => {
    // listen first to learn the port; the provider's callback is mounted afterwards
    import('node:http').then(({ createServer }) => {
      const s = createServer();
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  });
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: ['http://127.0.0.1/anmelden/sso/rueckruf'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      roles: ['roles'],
    },
    scopes: ['openid', 'email', 'profile', 'roles'],
    // the claims of the granted scopes go into the ID token (as Keycloak and Entra do)
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, id) {
      if (!ACCOUNTS[id]) return undefined;
      return { accountId: id, claims: async () => claimsOf(id) };
    },
    // The test client needs no consent screen: grant what it asks for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile roles');
      await grant.save();
      return grant;
    },
    ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Session: 600, Interaction: 600, Grant: 600 },
  });

  // any loopback port: each test app runs on its own random port
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(uri) {
    return /^http:\/\/127\.0\.0\.1:\d+\/anmelden\/sso\/rueckruf$/.test(uri);
  };

  // The development login form accepts any name; only the test accounts with the test
  // password get through (checked before the provider sees the form).
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && /^\/interaction\/[^/]+\/login$/.test(ctx.path)) {
      const body = await new Promise((resolve) => {
        let data = '';
        ctx.req.on('data', (c) => { data += c; });
        ctx.req.on('end', () => resolve(data));
      });
      const form = new URLSearchParams(body);
      if (!ACCOUNTS[form.get('login')] || form.get('password') !== TEST_PASSWORD) {
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = '<!doctype html><title>Anmeldung fehlgeschlagen</title><p id="fehler">Login or password wrong.</p>';
        return;
      }
      // hand the already read body on to the provider's own form handler
      ctx.req.body = Object.fromEntries(form);
    }
    await next();
  });

  server.on('request', provider.callback());
  console.log(`ready ${issuer}`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
