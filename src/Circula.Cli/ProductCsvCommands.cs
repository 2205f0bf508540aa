using System.CommandLine;
using System.Globalization;
using Circula.Catalog;
using Circula.Data;
using Circula.Inventory.Contracts;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Circula.Cli;

/// <summary>import-products / export-products: the catalog as a spreadsheet (<see cref="ProductCsvFormat"/>).</summary>
internal static class ProductCsvCommands
{
    public static IEnumerable<Command> Create(CliContext cli) => [Import(cli), Export(cli)];

    private static Command Import(CliContext cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (UTF-8, header row; see `export-products` for the columns)" };
        var import = new Command("import-products", """
            Create products from a CSV file, one row per SKU. Every row is checked first and every problem is reported with
            its line; then all products are written in one transaction, or none. Imported products start off the shelf.
            """) { file };
        import.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                await cli.Output.WriteLineAsync($"error: {source.FullName} does not exist.");
                return 1;
            }

            var read = ProductCsvReader.Read(source.FullName);
            if (read.Problems.Count > 0)
            {
                return await ReportAsync(cli, read.Problems);
            }

            var db = services.GetRequiredService<CirculaDbContext>();
            var editor = services.GetRequiredService<ProductEditor>();
            var problems = new List<CsvProblem>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await cli.Console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {read.Products.Count} products", maxValue: read.Products.Count);
                foreach (var product in read.Products)
                {
                    var created = await editor.CreateAsync(product.Request, actorUserId: null, ct);
                    if (!created.IsSuccess)
                    {
                        problems.Add(new CsvProblem(product.Line, "product", created.Error!.Detail));
                        // One failed statement ends a PostgreSQL transaction: nothing after it could be written anyway.
                        break;
                    }

                    task.Increment(1);
                }
            });
            if (problems.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                return await ReportAsync(cli, problems);
            }

            await transaction.CommitAsync(ct);
            await cli.Output.WriteLineAsync($"Imported {read.Products.Count} products with {read.Products.Sum(p => p.Request.Skus.Count)} SKUs.");
            return 0;
        }));
        return import;
    }

    private static Command Export(CliContext cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the CSV (overwritten)" };
        var export = new Command("export-products", "Write every product (not deleted) with its SKUs and on-hand stock to a CSV file that import-products reads.") { file };
        export.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var db = services.GetRequiredService<CirculaDbContext>();
            var products = await db.Set<Product>().AsNoTracking().Include(p => p.Skus)
                .Where(p => p.DeletedAt == null).OrderBy(p => p.Id).ToListAsync(ct);
            var stock = await services.GetRequiredService<IStockLevels>().GetAsync(products.SelectMany(p => p.Skus).Select(s => s.Id).ToList(), ct);
            var target = result.GetValue(file)!;
            // A byte order mark, so that Excel opens the Chinese text as UTF-8.
            await using (var csv = CsvWriter.ToFile(target.FullName, CsvWriterOptions.Default with { WriteByteOrderMark = true }, FileOptions.None))
            {
                csv.WriteRecord(ProductCsvFormat.Columns);
                foreach (var product in products)
                {
                    foreach (var sku in product.Skus.OrderBy(s => s.Id))
                    {
                        csv.WriteRecord(
                        [
                            product.Id.ToString(CultureInfo.InvariantCulture), product.CategoryId.ToString(CultureInfo.InvariantCulture),
                            product.Name, product.Subtitle ?? "", product.Description ?? "", ProductCsvFormat.FormatPairs(product.Attributes),
                            ProductCsvFormat.FormatSchema(product.SpecSchema), sku.Code, ProductCsvFormat.FormatPairs(sku.Specs),
                            sku.PriceFen.ToString(CultureInfo.InvariantCulture),
                            (stock.TryGetValue(sku.Id, out var level) ? level.OnHand : 0).ToString(CultureInfo.InvariantCulture),
                            sku.IsEnabled ? "true" : "false",
                        ]);
                    }
                }
            }

            await cli.Output.WriteLineAsync($"Exported {products.Count} products with {products.Sum(p => p.Skus.Count)} SKUs to {target.FullName}.");
            return 0;
        }));
        return export;
    }

    private static async Task<int> ReportAsync(CliContext cli, IReadOnlyList<CsvProblem> problems)
    {
        var table = new Table().AddColumns("line", "field", "problem");
        foreach (var problem in problems.OrderBy(p => p.Line))
        {
            table.AddRow(problem.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(problem.Field), Markup.Escape(problem.Message));
        }

        cli.Console.Write(table);
        await cli.Output.WriteLineAsync($"Nothing was imported: {problems.Count} problem(s).");
        return 1;
    }
}
