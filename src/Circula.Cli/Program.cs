using Circula.Cli;

return await CirculaCli.RunAsync(args, Console.Out);
