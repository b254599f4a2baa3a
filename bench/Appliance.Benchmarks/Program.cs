using BenchmarkDotNet.Running;

// Run all or some: dotnet run -c Release --project bench/Appliance.Benchmarks -- --filter '*G711*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
