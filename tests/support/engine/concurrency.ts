/**
 * Runs at most `limit` tasks at once, in submission order, like the engine's
 * step executor with `--parallel`.
 */
export class ConcurrencyPool {
    private running = 0;
    private readonly waiting: Array<() => void> = [];

    constructor(private readonly limit: number) {
        if (!Number.isInteger(limit) || limit < 1) {
            throw new Error(`parallelism must be a positive integer, got ${limit}`);
        }
    }

    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.running >= this.limit) {
            // The finishing task hands its slot straight to us, so no newcomer can slip in between.
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        } else {
            this.running++;
        }
        try {
            return await task();
        } finally {
            const next = this.waiting.shift();
            if (next) {
                next();
            } else {
                this.running--;
            }
        }
    }
}

/**
 * Runs tasks one after another in submission order. The engine's step
 * generator handles registrations serially, so Check and Diff never overlap.
 */
export class SerialQueue {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(task: () => Promise<T>): Promise<T> {
        const result = this.tail.then(task);
        // Keep the chain going whatever this task does; the caller sees its own outcome.
        this.tail = result.catch(() => undefined);
        return result;
    }
}
