using Orleans.DynamicDb.Cli;

return await DyndbApp.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
