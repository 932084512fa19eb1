using System.CommandLine;
using ModelScale.ChatHost.Commands;

// Ctrl+C belongs to the verbs (the chat REPL stops an answer on the first press), so the parser does not trap it.
var parsed = RootCommandFactory.Create().Parse(args);
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
