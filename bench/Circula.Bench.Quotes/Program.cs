using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Circula.Bench.Quotes.QuoterBenchmarks).Assembly).Run(args);
