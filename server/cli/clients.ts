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
    .action(async (opts: { email: string; name: string }) => {
      const client = await withDatabase(async (ctx) =>
        createOAuthClient(ctx, await actorByEmail(ctx, opts.email), opts.name.trim().slice(0, 100)),
      );
      process.stdout.write(
        `OAuth client "${client.name}" for ${opts.email} (the secret is shown once; keep it secret):\n` +
          `client_id: ${client.clientId}\nclient_secret: ${client.clientSecret}\n`,
      );
    });
}
