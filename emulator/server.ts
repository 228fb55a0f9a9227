// Wires the parts together and runs the loopback HTTP server.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleAdminRequest, isAdminPath } from "./admin-api";
import { handleApiRequest } from "./api-handler";
import { CredentialDirectory, DEFAULT_USERS, usersFromCredentials } from "./auth";
import { Control, validateLatency } from "./control";
import { EmulatorOptionsError, ListenError, SeedValidationError } from "./errors";
import { FaultQueue } from "./faults";
import { CancellableDelays } from "./http-io";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, MIN_PER_PAGE } from "./pagination";
import { ClientIpLimiter, DEFAULT_CLIENT_IP_LIMIT, DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitPolicy } from "./rate-limit";
import { MemoryRequestLog } from "./request-log";
import { API_PREFIX } from "./routes";
import { sampleSeed } from "./seed";
import { checkUsers, loadSeedFile, validateSeed, validateUsers } from "./seed-validation";
import { ZoneStore } from "./state";
import { DEFAULT_TRANSITION_DELAYS, type TransitionDelays } from "./status-machine";
import type { EmulatorCredentials, EmulatorOptions, RunningEmulator, SeedDocument, UserSeed } from "./types";

/** The emulator only ever listens on loopback: it must not be reachable from elsewhere. */
export const LOOPBACK_HOST = "127.0.0.1";

interface Settings {
    port: number;
    seed: SeedDocument;
    users: UserSeed[];
    usesDefaultCredentials: boolean;
    policy: RateLimitPolicy;
    /** Requests per second per client IP; undefined when off. */
    clientIpLimit?: number;
    defaultPerPage: number;
    latencyMs: number;
    delays: TransitionDelays;
    now: () => number;
}

function nonNegative(
    value: number | undefined,
    fallback: number,
    name: string,
    options: { integer?: boolean; positive?: boolean } = {},
): number {
    if (value === undefined) return fallback;
    const ok =
        typeof value === "number" &&
        Number.isFinite(value) &&
        (options.positive === true ? value > 0 : value >= 0) &&
        (options.integer !== true || Number.isInteger(value));
    if (!ok)
        throw new EmulatorOptionsError(
            `${name} must be a ${options.integer === true ? "whole " : ""}number ${options.positive === true ? "> 0" : ">= 0"}`,
        );
    return value;
}

function resolveSettings(options: EmulatorOptions): Settings {
    const port = nonNegative(options.port, 0, "port", { integer: true });
    if (port > 65535) throw new EmulatorOptionsError("port must be at most 65535");

    const given = options.credentials;
    const credentials: EmulatorCredentials | undefined =
        given === undefined
            ? undefined
            : { tokens: [...(given.tokens ?? [])], keys: (given.keys ?? []).map((k) => ({ email: k.email, key: k.key })) };
    if (credentials !== undefined && credentials.tokens.some((t) => typeof t !== "string" || t.trim() === "" || /\s/.test(t))) {
        throw new EmulatorOptionsError("tokens must be non-empty strings without whitespace");
    }
    if (
        credentials !== undefined &&
        credentials.keys.some((k) => typeof k.email !== "string" || k.email === "" || typeof k.key !== "string" || k.key === "")
    ) {
        throw new EmulatorOptionsError("keys need a non-empty email and key");
    }

    const rate = options.rateLimit ?? {};
    const policy: RateLimitPolicy = {
        quota: nonNegative(rate.quota, DEFAULT_RATE_LIMIT.quota, "rateLimit.quota", { integer: true }),
        windowSeconds: nonNegative(rate.windowSeconds, DEFAULT_RATE_LIMIT.windowSeconds, "rateLimit.windowSeconds", { positive: true }),
        penaltySeconds: nonNegative(rate.penaltySeconds, DEFAULT_RATE_LIMIT.penaltySeconds, "rateLimit.penaltySeconds"),
    };
    const transitions = options.transitions ?? {};
    const delays: TransitionDelays = {
        initializingMs: nonNegative(transitions.initializingMs, DEFAULT_TRANSITION_DELAYS.initializingMs, "transitions.initializingMs"),
        pendingDeploymentMs: nonNegative(
            transitions.pendingDeploymentMs,
            DEFAULT_TRANSITION_DELAYS.pendingDeploymentMs,
            "transitions.pendingDeploymentMs",
        ),
        pendingDeletionMs: nonNegative(
            transitions.pendingDeletionMs,
            DEFAULT_TRANSITION_DELAYS.pendingDeletionMs,
            "transitions.pendingDeletionMs",
        ),
    };

    const seed =
        options.seedFile !== undefined
            ? loadSeedFile(options.seedFile)
            : options.seed !== undefined
              ? validateSeed(structuredClone(options.seed))
              : sampleSeed();

    const defaultPerPage = nonNegative(options.defaultPerPage, DEFAULT_PER_PAGE, "defaultPerPage", { integer: true, positive: true });
    if (defaultPerPage < MIN_PER_PAGE || defaultPerPage > MAX_PER_PAGE) {
        throw new EmulatorOptionsError(`defaultPerPage must be from ${MIN_PER_PAGE} to ${MAX_PER_PAGE}`);
    }
    const ipOption = options.clientIpLimit;
    const clientIpLimit =
        ipOption === false
            ? undefined
            : nonNegative(ipOption?.requestsPerSecond, DEFAULT_CLIENT_IP_LIMIT, "clientIpLimit.requestsPerSecond", {
                  integer: true,
                  positive: true,
              });

    return {
        port,
        seed,
        users: resolveUsers(seed, options.users, credentials),
        usesDefaultCredentials: seed.users === undefined && options.users === undefined && credentials === undefined,
        policy,
        ...(clientIpLimit === undefined ? {} : { clientIpLimit }),
        defaultPerPage,
        latencyMs: options.latencyMs === undefined ? 0 : validateLatency(options.latencyMs),
        delays,
        now: options.now ?? Date.now,
    };
}

/**
 * Users come from the seed's `users`, then the `users` option, then bare `credentials` (each a user
 * of its own), in that order, which is also the order of the "token#N" / "key#N" labels. With none
 * of the three, the default user (DEFAULT_USERS) is configured.
 */
function resolveUsers(seed: SeedDocument, optionUsers: UserSeed[] | undefined, credentials: EmulatorCredentials | undefined): UserSeed[] {
    if (seed.users === undefined && optionUsers === undefined && credentials === undefined) return structuredClone([...DEFAULT_USERS]);
    const users = [
        ...(seed.users ?? []),
        ...(optionUsers === undefined ? [] : validateUsers(structuredClone(optionUsers))),
        ...(credentials === undefined ? [] : usersFromCredentials(credentials)),
    ];
    // Each source was valid alone; together they must still not repeat an id, an e-mail or a secret.
    const problems: string[] = [];
    checkUsers(users, "users (seed, users option and credentials together)", problems);
    if (problems.length > 0) throw new SeedValidationError(problems, "credentials");
    return users;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const settings = resolveSettings(options);
    const store = new ZoneStore(settings.now, settings.delays);
    store.load(settings.seed);
    const credentials = new CredentialDirectory(settings.users);
    const limiter = new RateLimiter(settings.policy, settings.now);
    const clientIpLimiter = settings.clientIpLimit === undefined ? undefined : new ClientIpLimiter(settings.clientIpLimit, settings.now);
    const faults = new FaultQueue();
    const log = new MemoryRequestLog();
    const delays = new CancellableDelays();
    // What the admin control and the API handler both act on.
    const shared = { store, credentials, limiter, ...(clientIpLimiter === undefined ? {} : { clientIpLimiter }), faults, log };
    const control = new Control({
        ...shared,
        seed: settings.seed,
        initialLatencyMs: settings.latencyMs,
    });

    const server = createServer();
    const sockets = new Set<Socket>();
    server.on("connection", (socket: Socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });

    let origin = "";
    const describe = (): { url: string; origin: string } => ({ url: `${origin}${API_PREFIX}`, origin });
    const apiContext = {
        ...shared,
        delays,
        defaultPerPage: settings.defaultPerPage,
        latencyMs: () => control.latencyMs(),
        now: settings.now,
    };
    const adminContext = { control, log, describe };

    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
        const pathname = (req.url ?? "/").split("?")[0];
        const handled = isAdminPath(pathname) ? handleAdminRequest(adminContext, req, res) : handleApiRequest(apiContext, req, res);
        handled.catch(() => {
            // Both handlers answer their own errors; reaching here means the socket is already gone.
            req.socket.destroy();
        });
    });

    await new Promise<void>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException): void => {
            reject(
                new ListenError(`Cannot listen on ${LOOPBACK_HOST}:${settings.port} (${error.code ?? error.message})`, error.code, {
                    cause: error,
                }),
            );
        };
        server.once("error", onError);
        server.listen(settings.port, LOOPBACK_HOST, () => {
            server.off("error", onError);
            resolve();
        });
    });

    const port = (server.address() as AddressInfo).port;
    origin = `http://${LOOPBACK_HOST}:${port}`;

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
        stopping ??= new Promise<void>((resolve) => {
            delays.cancelAll();
            server.close(() => resolve());
            // Hanging and keep-alive sockets would otherwise hold close() open.
            for (const socket of sockets) socket.destroy();
        });
        return stopping;
    };

    return {
        url: `${origin}${API_PREFIX}`,
        origin,
        port,
        usesDefaultCredentials: settings.usesDefaultCredentials,
        log: { entries: () => log.entries(), clear: () => log.clear() },
        control,
        stop,
    };
}
