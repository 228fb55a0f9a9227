// Issues real X.509 client certificates so the demo data can be inspected
// like Cloudflare's. node-forge builds the certificate; node:crypto makes the
// key pair and the RSA signature, which in forge's JavaScript took ~70 ms per
// certificate (the scan seed has 30). One key pair is made per process and
// shared by the issuing CA and every leaf: the emulator needs believable
// PEMs, not private keys anyone relies on. The private key never leaves this
// module: no API answer, seed or log carries it.

import { constants, generateKeyPairSync, privateEncrypt, randomBytes, type KeyObject } from "node:crypto";
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

interface SigningKeys {
    publicKey: forge.pki.rsa.PublicKey;
    privateKey: KeyObject;
}

let sharedKeys: SigningKeys | undefined;

function keys(): SigningKeys {
    if (sharedKeys === undefined) {
        const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
        sharedKeys = {
            publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: "spki", format: "pem" }).toString()),
            privateKey: pair.privateKey,
        };
    }
    return sharedKeys;
}

// DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1): what an RSASSA-PKCS1-v1_5 signature encrypts.
const SHA256_DIGEST_INFO_PREFIX = Buffer.from("3031300d060960864801650304020105000420", "hex");

/**
 * Stands in for forge's private key in `certificate.sign`: forge hands over the SHA-256 digest of
 * the TBSCertificate, and node:crypto signs it natively.
 */
function nativeSigner(privateKey: KeyObject): forge.pki.rsa.PrivateKey {
    const signer = {
        sign(md: forge.md.MessageDigest): forge.Bytes {
            const digest = Buffer.from(md.digest().getBytes(), "binary");
            const digestInfo = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]);
            return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString("binary");
        },
    };
    return signer as unknown as forge.pki.rsa.PrivateKey;
}

/** X.509 stores validity with one-second precision. */
export function truncateToSeconds(date: Date): Date {
    return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function issueCertificate(request: IssueRequest): IssuedCertificate {
    const { publicKey, privateKey } = keys();
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = publicKey;
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
    certificate.sign(nativeSigner(privateKey), forge.md.sha256.create());
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
