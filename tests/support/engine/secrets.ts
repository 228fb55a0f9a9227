import * as crypto from "crypto";
import { isObject, isSecret, PropertyMap, PropertyValue, secretElement, SECRET_SIG, SIG_KEY } from "./properties";

/**
 * Stands in for the stack's secrets provider when state is handed out.
 *
 * A real backend writes secrets into the checkpoint as
 * `{sig: secretSig, ciphertext}`. The harness does the same with AES-256-GCM
 * under a key that lives only in this object, so recorded state never holds a
 * secret in plain text. The IV is derived from the plaintext (SIV-style), so
 * an unchanged secret keeps the same ciphertext from one operation to the
 * next, as Pulumi's secrets cache does; that keeps state comparisons stable.
 */
export class SecretCipher {
    private readonly key = crypto.randomBytes(32);

    encrypt(value: PropertyValue): string {
        const plaintext = Buffer.from(JSON.stringify(value), "utf8");
        const iv = crypto.createHmac("sha256", this.key).update(plaintext).digest().subarray(0, 12);
        const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
        const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    }

    decrypt(ciphertext: string): PropertyValue {
        const raw = Buffer.from(ciphertext, "base64");
        const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plaintext = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
        return JSON.parse(plaintext.toString("utf8")) as PropertyValue;
    }

    /** Engine form → checkpoint form: every secret becomes `{sig, ciphertext}`. */
    seal(value: PropertyValue): PropertyValue {
        if (isSecret(value)) {
            return { [SIG_KEY]: SECRET_SIG, ciphertext: this.encrypt(secretElement(value)) };
        }
        if (Array.isArray(value)) {
            return value.map((element) => this.seal(element));
        }
        if (isObject(value)) {
            const result: PropertyMap = {};
            for (const [key, element] of Object.entries(value)) {
                result[key] = this.seal(element);
            }
            return result;
        }
        return value;
    }

    sealMap(props: PropertyMap): PropertyMap {
        return this.seal(props) as PropertyMap;
    }

    /**
     * Checkpoint form → plain values, for tests that need to look inside a
     * recorded secret. Anything that is not a sealed secret passes through.
     */
    reveal(value: unknown): unknown {
        if (Array.isArray(value)) {
            return value.map((element) => this.reveal(element));
        }
        if (typeof value === "object" && value !== null) {
            const record = value as Record<string, unknown>;
            if (record[SIG_KEY] === SECRET_SIG && typeof record.ciphertext === "string") {
                return this.reveal(this.decrypt(record.ciphertext));
            }
            const result: Record<string, unknown> = {};
            for (const [key, element] of Object.entries(record)) {
                result[key] = this.reveal(element);
            }
            return result;
        }
        return value;
    }
}
