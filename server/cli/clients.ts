import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createOAuthClient } from '../services/oauth-clients.ts';
import { actorByEmail } from './users.ts';
import { withDatabase } from './with-database.ts';

export function registerClientCommands(program: Command) {
  const clients = program.command('clients').description('manage OAuth2 client credentials');
  clients
    .command('create')
    .description(
      'create client credentials that act as a user (for FHIR integrations); prints client_id and client_secret on lines of their own',
    )
    .requiredOption('--email <email>', 'the user the client acts as')
    .requiredOption('--name <name>', 'what the client is for')
    .option('--jwks-file <file>', 'SMART backend client: its public keys (a JWKS file); no secret is made')
    .option('--jwks-url <url>', 'SMART backend client: the https URL where it serves its public keys')
    .option('--scope <scopes>', 'SMART system scopes, space-separated (e.g. "system/*.rs")')
    .action(
      async (opts: { email: string; name: string; jwksFile?: string; jwksUrl?: string; scope?: string }) => {
        const jwks = opts.jwksFile ? JSON.parse(await readFile(opts.jwksFile, 'utf8')) : undefined;
        const client = await withDatabase(async (ctx) =>
          createOAuthClient(ctx, await actorByEmail(ctx, opts.email), {
            name: opts.name.trim().slice(0, 100),
            ...(jwks ? { jwks } : {}),
            ...(opts.jwksUrl ? { jwksUrl: opts.jwksUrl } : {}),
            ...(opts.scope ? { scope: opts.scope } : {}),
          }),
        );
        const scopes = client.scopes ? `scope: ${client.scopes}\n` : '';
        process.stdout.write(
          client.clientSecret
            ? `OAuth client "${client.name}" for ${opts.email} (the secret is shown once; keep it secret):\n` +
                `client_id: ${client.clientId}\nclient_secret: ${client.clientSecret}\n${scopes}`
            : `OAuth client "${client.name}" for ${opts.email}, signing with its own keys (private_key_jwt):\n` +
                `client_id: ${client.clientId}\n${scopes}`,
        );
      },
    );
}
