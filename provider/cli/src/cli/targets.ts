import * as fs from "node:fs";
import * as path from "node:path";

/** Config files a directory argument stands for: YAML at any depth, outside dependencies and hidden folders. */
const CONFIG_FILES = ["**/*.yaml", "**/*.yml"];
const IGNORED = ["**/node_modules/**"];
/**
 * What makes a missing path a pattern: `*`, `?`, `[` or `{`. Parentheses and `!` are glob syntax
 * too, but common in file names; a missing `a(1).yaml` is that file's SG001, not an empty glob.
 */
const GLOB_CHARACTERS = /[*?[{]/;

/** The config files named by a command line: each file once, in the order given. */
export type Targets =
    | {
          readonly ok: true;
          readonly files: readonly string[];
          /** More than one file, or any directory or glob: results come as a list with a summary. */
          readonly batch: boolean;
      }
    | { readonly ok: false; readonly message: string; readonly fix: string };

function kindOf(absolute: string): "file" | "directory" | "missing" {
    try {
        return fs.statSync(absolute).isDirectory() ? "directory" : "file";
    } catch {
        return "missing";
    }
}

type Glob = typeof import("tinyglobby");

/** Matches relative to `base`, shown relative to `cwd` the way the argument was written. */
function matches(glob: Glob, patterns: readonly string[], base: string, shownAs: (match: string) => string): string[] {
    // Sorted by code unit, not locale: a CI log lists the same files in the same order on every machine.
    return glob
        .globSync([...patterns], { cwd: base, ignore: IGNORED, onlyFiles: true, dot: false, expandDirectories: false })
        .sort()
        .map(shownAs);
}

/** A name the glob patterns of {@link CONFIG_FILES} take for a config. */
const CONFIG_NAME = /^[^.].*\.ya?ml$/;

/**
 * Entries below `base` named as configs that are neither files nor folders (a FIFO, a socket, a
 * device), which the glob leaves out unseen: listed so that the reader refuses each by name, as it
 * does one named outright, rather than a config going unchecked without a word.
 */
function specialEntries(glob: Glob, base: string): string[] {
    const folders = ["", ...glob.globSync(["**"], { cwd: base, ignore: IGNORED, onlyDirectories: true, dot: false, expandDirectories: false })];
    return folders.flatMap((folder) => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(path.join(base, folder), { withFileTypes: true });
        } catch {
            return []; // unreadable: the glob skipped it too
        }
        return entries
            .filter((entry) => !entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && CONFIG_NAME.test(entry.name))
            .map((entry) => path.posix.join(folder, entry.name));
    });
}

/** The configs a directory stands for, relative to it, in path order: its YAML files, and its special entries named as YAML. */
function configsIn(glob: Glob, base: string): string[] {
    return [...matches(glob, CONFIG_FILES, base, (match) => match), ...specialEntries(glob, base)].sort();
}

/**
 * Expands config arguments: a file stays as given (a missing one is reported by the reader, with
 * its usual fix); a directory stands for every `*.yaml` and `*.yml` below it (hidden files and
 * folders and node_modules left out, links followed; a FIFO, socket or device so named is kept,
 * for the reader to refuse by name); an argument that is not a path and holds
 * `*`, `?`, `[` or `{` (quoted, so the shell left it) is matched relative to the working directory. A directory or glob that finds nothing is an error:
 * a lint step that checks no file would pass for the wrong reason.
 */
export async function expandTargets(args: readonly string[], cwd: string): Promise<Targets> {
    // Loaded only for a command line that may hold a glob: one plain file pays nothing for it.
    const glob = args.length === 1 && kindOf(path.resolve(cwd, args[0])) === "file" ? undefined : await import("tinyglobby");
    const files: string[] = [];
    const seen = new Set<string>();
    let batch = args.length > 1;
    const add = (file: string) => {
        // The real path, so that a file reached through a symbolic link is still checked once.
        const absolute = path.resolve(cwd, file);
        const identity = fs.existsSync(absolute) ? fs.realpathSync(absolute) : absolute;
        if (seen.has(identity)) return;
        seen.add(identity);
        files.push(file);
    };
    for (const arg of args) {
        const kind = kindOf(path.resolve(cwd, arg));
        if (kind === "file" || !glob || (kind === "missing" && !GLOB_CHARACTERS.test(arg))) {
            add(arg);
            continue;
        }
        batch = true;
        const found =
            kind === "directory"
                ? configsIn(glob, path.resolve(cwd, arg)).map((match) => path.join(arg, match))
                : matches(glob, [arg.split(path.sep).join("/")], cwd, (match) => (path.isAbsolute(arg) ? path.resolve(cwd, match) : path.normalize(match)));
        if (found.length === 0) {
            return kind === "directory"
                ? { ok: false, message: `the directory ${arg} holds no config file (*.yaml or *.yml)`, fix: "name a directory of set configs, or the config files themselves" }
                : {
                      ok: false,
                      message: `no file matches ${arg}`,
                      fix: "check the pattern; it is matched relative to the working directory, and hidden folders and node_modules are skipped",
                  };
        }
        found.forEach(add);
    }
    return { ok: true, files, batch };
}
