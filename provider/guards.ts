/**
 * Reading values whose shape nobody promised: JSON from the network, and whatever a `catch`
 * caught (an Error, an axios error, a string, null). One place, so every module asks the same
 * question the same way.
 */

/** A plain object (not null, not an array), whose fields can be read one by one. */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A property of a thrown value (`code`, `name`, …), or undefined when the value is not an object.
 * Errors cross process boundaries and come from other libraries, so their class proves nothing;
 * their properties are what can be read.
 */
export function errorProperty(error: unknown, key: string): unknown {
    return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}
