using System.CommandLine;
using ModelScale.Tools.SynthGguf;

return SynthCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = Console.Out, Error = Console.Error });
