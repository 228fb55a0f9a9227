/**
 * Reads workflow commands from a step's output the way the GitHub Actions runner does, so tests
 * check what GitHub would see rather than what we meant to print. A port of actions/runner
 * src/Runner.Common/ActionCommand.cs (TryParseV2, UnescapeProperty, UnescapeData) and of the
 * runner's handling of ::stop-commands:: (src/Runner.Worker/ActionCommandManager.cs): while
 * stopped, no line is a command until one reads exactly ::TOKEN::.
 */
export interface WorkflowCommand {
    command: string;
    properties: Record<string, string>;
    data: string;
    /** The output line it came from, 0-based. */
    line: number;
}

const KNOWN_COMMANDS = new Set([
    "error",
    "warning",
    "notice",
    "debug",
    "group",
    "endgroup",
    "add-mask",
    "stop-commands",
    "echo",
    "add-matcher",
    "remove-matcher",
]);

// The runner replaces in array order; "%" comes last so that "%253A" stays "%3A".
const PROPERTY_MAPPINGS: Array<[string, string]> = [
    ["\r", "%0D"],
    ["\n", "%0A"],
    [":", "%3A"],
    [",", "%2C"],
    ["%", "%25"],
];
const DATA_MAPPINGS: Array<[string, string]> = [
    ["\r", "%0D"],
    ["\n", "%0A"],
    ["%", "%25"],
];

function unescape(text: string, mappings: Array<[string, string]>): string {
    let result = text;
    for (const [token, replacement] of mappings) result = result.split(replacement).join(token);
    return result;
}

/** TryParseV2 for one line: null when the runner would not treat it as a command. */
export function parseCommandLine(raw: string): Omit<WorkflowCommand, "line"> | null {
    const message = raw.trimStart();
    if (!message.startsWith("::")) return null;
    const end = message.indexOf("::", 2);
    if (end < 0) return null;
    const info = message.slice(2, end);
    const space = info.indexOf(" ");
    const command = space < 0 ? info : info.slice(0, space);
    if (!KNOWN_COMMANDS.has(command)) return null;
    const properties: Record<string, string> = {};
    if (space > 0) {
        for (const property of info
            .slice(space + 1)
            .trim()
            .split(",")
            .filter((p) => p.length > 0)) {
            const equals = property.indexOf("=");
            // Split(new[] { '=' }, 2, RemoveEmptyEntries): "a=" and "=b" are dropped.
            if (equals > 0 && equals < property.length - 1)
                properties[property.slice(0, equals)] = unescape(property.slice(equals + 1), PROPERTY_MAPPINGS);
        }
    }
    return { command, properties, data: unescape(message.slice(end + 2), DATA_MAPPINGS) };
}

/** Every command the runner would act on in `output`, honouring ::stop-commands::. */
export function workflowCommands(output: string): WorkflowCommand[] {
    const commands: WorkflowCommand[] = [];
    let stopToken: string | null = null;
    output.split(/\r?\n/).forEach((text, line) => {
        if (stopToken !== null) {
            if (text.trim() === `::${stopToken}::`) stopToken = null;
            return;
        }
        const parsed = parseCommandLine(text);
        if (!parsed) return;
        if (parsed.command === "stop-commands") {
            stopToken = parsed.data;
            return;
        }
        commands.push({ ...parsed, line });
    });
    return commands;
}

export function annotations(output: string): WorkflowCommand[] {
    return workflowCommands(output).filter((c) => c.command === "error" || c.command === "warning" || c.command === "notice");
}
