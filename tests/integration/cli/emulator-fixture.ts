/** The emulator for the CLI tests: demo data plus a few more healthy hostnames, and fake credentials only these tests know. */
import { DEMO_HOSTNAMES, demoSeed, SAMPLE_ZONE_ID, startEmulator, type RunningEmulator, type SeedDocument } from "../../../emulator/index";
import { FAKE_EMAIL, FAKE_KEY, FAKE_TOKEN } from "./support";

export const ZONE = SAMPLE_ZONE_ID;
export const HEALTHY = `${ZONE}/${DEMO_HOSTNAMES.healthy.hostname}`;
export const DEPLOYING = `${ZONE}/${DEMO_HOSTNAMES.deploying.hostname}`;
export const DISABLED = `${ZONE}/${DEMO_HOSTNAMES.disabled.hostname}`;
export const EXPIRING = `${ZONE}/${DEMO_HOSTNAMES.expiring.hostname}`;
export const UNKNOWN = `${ZONE}/nobody.example.com`;
/** Healthy copies, for runs that need many targets. */
export const FLEET = Array.from({ length: 6 }, (_, i) => `${ZONE}/fleet-${i + 1}.example.com`);

function seed(): SeedDocument {
    const document = demoSeed();
    const zone = document.zones[ZONE];
    const healthy = zone.hostnames?.find((h) => h.hostname === DEMO_HOSTNAMES.healthy.hostname);
    if (!healthy) throw new Error("demo seed has no healthy hostname");
    for (const target of FLEET) zone.hostnames?.push({ ...healthy, hostname: target.split("/")[1] });
    return document;
}

export function startCliEmulator(): Promise<RunningEmulator> {
    return startEmulator({ seed: seed(), credentials: { tokens: [FAKE_TOKEN], keys: [{ email: FAKE_EMAIL, key: FAKE_KEY }] } });
}

export function tokenEnv(emulator: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
    return { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: emulator.url, ...extra };
}
