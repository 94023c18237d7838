// src/output/prompt.ts: questions only on a terminal, consola loaded only when one is asked.
import { describe, expect, test } from "bun:test";
import { InterruptedError } from "../../src/errors.ts";
import { confirm, PromptUnavailableError, select, type PromptDeps } from "../../src/output/prompt.ts";

/** Deps whose "consola" answers with `answer` and records what it was asked. */
function fake(interactive: boolean, answer: unknown) {
  const asked: { message: string; opts: Record<string, unknown> }[] = [];
  let loads = 0;
  const deps: PromptDeps = {
    interactive: () => interactive,
    load: async () => {
      loads++;
      return async (message, opts) => {
        asked.push({ message, opts });
        return answer;
      };
    },
  };
  return { deps, asked, loads: () => loads };
}

describe("prompts without a terminal", () => {
  test("confirm refuses with a typed error naming the flag to use, and loads nothing", async () => {
    const f = fake(false, true);
    const err = await confirm("Run the hooks of this repository?", { instead: "--yes, or hooks.allow in the config" }, f.deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptUnavailableError);
    const e = err as PromptUnavailableError;
    expect(e.code).toBe("E_PROMPT_UNAVAILABLE");
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe('cannot ask "Run the hooks of this repository?": not on a terminal');
    expect(e.hint).toBe("answer it with --yes, or hooks.allow in the config");
    expect(f.loads()).toBe(0);
    expect(f.asked).toEqual([]);
  });

  test("select refuses the same way", async () => {
    const f = fake(false, "a");
    const err = await select("Which remote?", [{ value: "a", label: "A" }], { instead: "--remote <name>" }, f.deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptUnavailableError);
    expect((err as PromptUnavailableError).hint).toBe("answer it with --remote <name>");
    expect(f.loads()).toBe(0);
  });

  test("the real check: with stdin from /dev/null and stdout a pipe, nothing is asked", () => {
    const script = `import { confirm } from ${JSON.stringify(`${import.meta.dir}/../../src/output/prompt.ts`)};
      confirm("Go?", { instead: "--yes" }).then(() => console.log("asked"), (e) => console.log(e.code, e.hint));`;
    const p = Bun.spawnSync([process.execPath, "-e", script], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    expect(p.stdout.toString().trim()).toBe("E_PROMPT_UNAVAILABLE answer it with --yes");
  });
});

describe("prompts on a terminal", () => {
  test("confirm passes the question to consola and returns its answer", async () => {
    const f = fake(true, true);
    expect(await confirm("Run them?", { instead: "--yes", initial: true }, f.deps)).toBe(true);
    expect(f.loads()).toBe(1);
    expect(f.asked).toEqual([{ message: "Run them?", opts: { type: "confirm", initial: true, cancel: "symbol" } }]);
    expect(await confirm("Again?", { instead: "--yes" }, fake(true, false).deps)).toBe(false);
  });

  test("select returns the chosen value", async () => {
    const f = fake(true, "b");
    const choices = [
      { value: "a", label: "A" },
      { value: "b", label: "B", hint: "the second" },
    ] as const;
    expect(await select("Which?", choices, { instead: "--pick" }, f.deps)).toBe("b");
    expect(f.asked[0]?.opts).toEqual({ type: "select", options: [{ value: "a", label: "A" }, { value: "b", label: "B", hint: "the second" }], initial: undefined, cancel: "symbol" });
  });

  test("Ctrl-C on the question is an interruption (exit 130)", async () => {
    const err = await confirm("Go?", { instead: "--yes" }, fake(true, Symbol.for("cancel")).deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as InterruptedError).exitCode).toBe(130);
  });

  test("an answer that is not one of the choices is an error, not a cast", async () => {
    await expect(select("Which?", [{ value: "a", label: "A" }], { instead: "--pick" }, fake(true, "zzz").deps)).rejects.toThrow('unexpected answer to "Which?"');
    await expect(confirm("Go?", { instead: "--yes" }, fake(true, "yes").deps)).rejects.toThrow('unexpected answer to "Go?"');
  });

  // consola's own prompt on a real pseudo-terminal (script(1)): keys in, answers out.
  const onPty = test.skipIf(!Bun.which("script") || process.platform !== "linux");
  onPty("consola draws and reads the questions on a real terminal", async () => {
    const t = await onTerminal(`const a = await confirm("Run the hooks?", { instead: "--yes" });
      const b = await select("Which?", [{ value: "one", label: "One" }, { value: "two", label: "Two" }], { instead: "--pick", initial: "two" });
      console.error("ANSWER " + a + " " + b);`);
    await t.waitFor("Run the hooks?");
    await t.key("y");
    await t.key("\r");
    await t.waitFor("Which?");
    await t.key("\r"); // select: take the initial choice
    expect(await t.end("ANSWER")).toContain("ANSWER true two");
  }, 30_000);

  onPty("Ctrl-C on a real terminal is E_INTERRUPTED", async () => {
    const t = await onTerminal(`try { await confirm("Run the hooks?", { instead: "--yes" }); console.error("ANSWERED"); }
      catch (e) { console.error("ERROR " + e.code + " " + e.exitCode); }`);
    await t.waitFor("Run the hooks?");
    await t.key("\x03");
    expect(await t.end("ERROR")).toContain("ERROR E_INTERRUPTED 130");
  }, 30_000);
});

/** Runs `body` (with confirm and select imported) under script(1), with stdin a pipe we type into. */
async function onTerminal(body: string) {
  const file = `${process.env.TMPDIR ?? "/tmp"}/rm-prompt-${process.pid}-${Math.random().toString(36).slice(2)}.ts`;
  await Bun.write(file, `import { confirm, select } from ${JSON.stringify(`${import.meta.dir}/../../src/output/prompt.ts`)};\n${body}\n`);
  const proc = Bun.spawn(["script", "-qec", `stty cols 80 rows 24; ${process.execPath} ${file}`, "/dev/null"], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  let out = "";
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) out += decoder.decode(chunk, { stream: true });
  })();
  // Keys go in only once the question is on the screen (a loaded machine starts bun slowly).
  const waitFor = async (text: string) => {
    for (let waited = 0; !out.includes(text); waited += 50) {
      if (waited > 20_000) throw new Error(`no "${text}" on the terminal: ${JSON.stringify(out)}`);
      await Bun.sleep(50);
    }
  };
  const key = async (k: string) => {
    await Bun.sleep(200);
    proc.stdin.write(k);
    await proc.stdin.flush();
  };
  const end = async (last: string) => {
    await waitFor(last);
    proc.stdin.end();
    await proc.exited;
    await reading;
    await Bun.file(file).delete();
    return out;
  };
  return { waitFor, key, end };
}
