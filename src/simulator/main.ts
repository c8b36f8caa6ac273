/**
 * Runs the LMS simulator standalone with the Riverbend demo district:
 *   tsx src/simulator/main.ts --port 3001 [--host 127.0.0.1] [--public-url URL] [--page-size 50]
 *     [--short-roles] [--tool tool.json] [--register-url http://127.0.0.1:3000/lti/register]
 * `--tool` reads a ToolRegistration (or an array of them) from JSON; `--register-url` prints a
 * Dynamic Registration start page for the tool's registration URL.
 */
import { readFileSync } from 'node:fs';
import { createDemoDistrict, LmsSimulator, type ToolRegistration } from './index';

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function readTools(file: string): ToolRegistration[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return (Array.isArray(parsed) ? parsed : [parsed]) as ToolRegistration[];
}

/** Starts the simulator from command-line arguments and keeps it running until SIGINT/SIGTERM. */
async function main(args: string[]): Promise<void> {
  const sim = new LmsSimulator({
    host: argValue(args, '--host') ?? '127.0.0.1',
    port: Number(argValue(args, '--port') ?? 3001),
    publicUrl: argValue(args, '--public-url'),
    nrpsPageSize: argValue(args, '--page-size') ? Number(argValue(args, '--page-size')) : undefined,
    shortRoleNames: args.includes('--short-roles'),
  });
  await sim.start();
  const district = createDemoDistrict(sim);
  const toolFile = argValue(args, '--tool');
  if (toolFile) for (const tool of readTools(toolFile)) sim.registerTool(tool);
  console.log(`LMS simulator for ${district.districtName} at ${sim.issuer}/`);
  console.log(`  issuer ${sim.issuer}\n  authorization ${sim.authorizationEndpoint}\n  token ${sim.tokenEndpoint}\n  jwks ${sim.jwksUrl}`);
  console.log(`  openid configuration ${sim.openidConfigurationUrl}`);
  console.log(`  course ${district.courseId}; coach ${district.coach}; teachers ${district.teachers.join(', ')}; principal ${district.principal}; mentor ${district.mentor}`);
  for (const tool of sim.tools()) console.log(`  tool ${tool.name ?? tool.clientId}: client_id ${tool.clientId}, deployments ${tool.deploymentIds.join(', ')}`);
  const registerUrl = argValue(args, '--register-url');
  if (registerUrl) console.log(`  dynamic registration: open ${sim.registrationStartUrl(registerUrl)}`);
  else console.log(`  dynamic registration token (single use): ${sim.createRegistrationToken()}`);
  const shutdown = (): void => {
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
