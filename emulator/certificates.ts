// Issues real X.509 client certificates so the demo data can be inspected
// like Cloudflare's. RSA key generation is the slow part, so one key pair is
// made per process and shared by the issuing CA and every leaf: the emulator
// needs believable PEMs, not private keys anyone relies on.

import { randomBytes } from "node:crypto";
import forge from "node-forge";

export const EMULATOR_CA_NAME = "AOP Emulator CA";

export interface IssuedCertificate {
    pem: string;
    /** Decimal, as Cloudflare reports `serial_number`. */
    serialNumber: string;
    issuer: string;
    signature: "SHA256WithRSA";
    notBefore: Date;
    notAfter: Date;
}

export interface IssueRequest {
    commonName: string;
    notBefore: Date;
    notAfter: Date;
}

let sharedKeyPair: forge.pki.rsa.KeyPair | undefined;

function keyPair(): forge.pki.rsa.KeyPair {
    // node-forge delegates to node's native generator when it is available,
    // which keeps this around 100 ms instead of seconds.
    sharedKeyPair ??= forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    return sharedKeyPair;
}

/** X.509 stores validity with one-second precision. */
export function truncateToSeconds(date: Date): Date {
    return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function issueCertificate(request: IssueRequest): IssuedCertificate {
    const keys = keyPair();
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = keys.publicKey;
    const serialHex = positiveSerialHex();
    certificate.serialNumber = serialHex;
    const notBefore = truncateToSeconds(request.notBefore);
    const notAfter = truncateToSeconds(request.notAfter);
    certificate.validity.notBefore = notBefore;
    certificate.validity.notAfter = notAfter;
    certificate.setSubject([
        { name: "commonName", value: request.commonName },
        { name: "organizationName", value: "AOP Emulator" },
    ]);
    certificate.setIssuer([
        { name: "commonName", value: EMULATOR_CA_NAME },
        { name: "organizationName", value: "AOP Emulator" },
    ]);
    certificate.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        // An origin-pull certificate authenticates Cloudflare to the origin as a TLS client.
        { name: "extKeyUsage", clientAuth: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: request.commonName }] },
    ]);
    certificate.sign(keys.privateKey, forge.md.sha256.create());
    return {
        pem: forge.pki.certificateToPem(certificate).replace(/\r\n/g, "\n"),
        serialNumber: BigInt(`0x${serialHex}`).toString(10),
        issuer: EMULATOR_CA_NAME,
        signature: "SHA256WithRSA",
        notBefore,
        notAfter,
    };
}

// DER integers are signed: a clear top bit keeps the serial positive.
function positiveSerialHex(): string {
    const bytes = randomBytes(16);
    bytes[0] = (bytes[0] & 0x7f) | 0x10;
    return bytes.toString("hex");
}
