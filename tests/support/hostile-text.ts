/** The sequences of issue 11: a screen clear and window retitle, a forged line, and the one-character CSI (U+009B). */
export const HOSTILE_STATUS = "active\u001b[2J\u001b]0;pwned\u0007";
export const HOSTILE_ISSUER = "x\r\nINJECTED LINE: all healthy";
export const HOSTILE_C1 = "active\u009b2J";

/** Any C0 control but LF, DEL or any C1 control: what must never reach a terminal from a value. */
// eslint-disable-next-line no-control-regex -- matching control characters is its purpose
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
