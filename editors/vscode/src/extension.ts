// The etcdlint extension starts `etcdlint lsp` for the files etcdlint reads;
// diagnostics, quick fixes and fix-all come from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

// The files etcdlint reads whatever VS Code calls their language: units
// and env files often have none.
const documentSelector = [
  { scheme: "file", language: "yaml" },
  { scheme: "file", language: "shellscript" },
  { scheme: "file", language: "dockerfile" },
  { scheme: "file", language: "markdown" },
  { scheme: "file", language: "json" },
  { scheme: "file", pattern: "**/*.{service,socket,conf,env,toml,ini}" },
  { scheme: "file", pattern: "**/{Procfile,.env,etcd.conf}" },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("etcdlint")) {
        await stop();
        await start();
      }
    }),
  );
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("etcdlint");
  const server: ServerOptions = {
    command: config.get<string>("path", "etcdlint"),
    args: ["lsp", ...config.get<string[]>("args", [])],
  };
  const options: LanguageClientOptions = { documentSelector };
  client = new LanguageClient("etcdlint", "etcdlint", server, options);
  try {
    await client.start();
  } catch (err) {
    void vscode.window.showErrorMessage(`etcdlint: cannot start ${server.command} lsp: ${err}`);
    client = undefined;
  }
}

async function stop(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
