/**
 * JSON over loopback HTTP for the emulator's admin API. One keep-alive agent so a steady drip of
 * admin calls does not open a socket per call.
 */
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export interface JsonResponse {
    status: number;
    body: unknown;
}

export function requestJson(method: string, url: string, body?: unknown): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        const request = http.request(
            url,
            {
                method,
                agent,
                headers: payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
            },
            (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (chunk: Buffer) => chunks.push(chunk));
                response.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    try {
                        resolve({ status: response.statusCode ?? 0, body: text === "" ? null : (JSON.parse(text) as unknown) });
                    } catch (error) {
                        reject(new Error(`${method} ${url}: response is not JSON (${String(error)})`));
                    }
                });
                response.on("error", reject);
            },
        );
        request.on("error", reject);
        if (payload !== undefined) request.write(payload);
        request.end();
    });
}

/** Calls an admin endpoint and returns its `{ok: true, ...}` body, or throws with the emulator's message. */
export async function adminCall<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await requestJson(method, url, body);
    const payload = response.body as { ok?: boolean; error?: { message?: string } } | null;
    if (response.status !== 200 || payload === null || payload.ok !== true) {
        throw new Error(`${method} ${url} failed (${response.status}): ${payload?.error?.message ?? "no message"}`);
    }
    return payload as T;
}
