using Orleans.DynamicDb.Silo.Hosting;

return await SiloHost.RunAsync(args);
