using System.Globalization;
using System.Text.RegularExpressions;
using Circula.Catalog;
using Circula.Shared;
using CsvHelper;

namespace Circula.Cli;

/// <summary>A problem found in an import file: the line it starts on (the header is line 1), the column, what is wrong.</summary>
internal sealed record CsvProblem(int Line, string Field, string Message);

/// <summary>A product assembled from its rows; <see cref="Line"/> is its first row's.</summary>
internal sealed record ImportedProduct(int Line, CreateProductRequest Request);

/// <summary>
/// Reads and checks a product CSV completely before anything is written: columns, numbers, and every rule the API
/// applies to a new product (<see cref="CreateProductRequest.Validate"/>), each problem mapped back to its line.
/// </summary>
internal static partial class ProductCsvReader
{
    public sealed record Outcome(IReadOnlyList<ImportedProduct> Products, IReadOnlyList<CsvProblem> Problems);

    private sealed record Row(int Line, Dictionary<string, string> Fields)
    {
        public string this[string column] => Fields[column];
    }

    public static Outcome Read(string path)
    {
        var problems = new List<CsvProblem>();
        var rows = ReadRows(path, problems);
        if (problems.Count > 0)
        {
            return new([], problems);
        }

        var products = new List<ImportedProduct>();
        foreach (var group in rows.GroupBy(r => r["product"]))
        {
            if (Assemble(group.ToList(), problems) is { } product)
            {
                products.Add(product);
            }
        }

        if (products.Count == 0 && problems.Count == 0)
        {
            problems.Add(new CsvProblem(1, "", "The file has no product rows."));
        }

        return new(problems.Count == 0 ? products : [], problems);
    }

    private static List<Row> ReadRows(string path, List<CsvProblem> problems)
    {
        var rows = new List<Row>();
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { TrackLineNumbers = true, Separator = ',' }, FileOptions.SequentialScan);
        csv.ReadHeader();
        var header = csv.Headers;
        if (header is null || header.Count == 0)
        {
            problems.Add(new CsvProblem(1, "", "The file is empty: it needs a header row."));
            return rows;
        }

        var missing = ProductCsvFormat.Columns.Except(header.Select(h => h.Trim()), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new CsvProblem(1, string.Join(", ", missing), $"Missing column(s); the header must have {string.Join(",", ProductCsvFormat.Columns)}."));
            return rows;
        }

        while (csv.Read())
        {
            rows.Add(new Row((int)csv.LineNumber, ProductCsvFormat.Columns.ToDictionary(c => c, c => csv.GetString(c).Trim(), StringComparer.Ordinal)));
        }

        foreach (var row in rows.Where(r => r["product"].Length == 0))
        {
            problems.Add(new CsvProblem(row.Line, "product", "is required: rows with the same product key make one product."));
        }

        return rows;
    }

    private static ImportedProduct? Assemble(List<Row> rows, List<CsvProblem> problems)
    {
        var first = rows[0];
        var found = problems.Count;
        var categoryId = Number(first, "category_id", problems);
        var attributes = Pairs(first, "attributes", problems);
        var schema = ProductCsvFormat.ParseSchema(first["spec_schema"], out var schemaError);
        if (schemaError is not null)
        {
            problems.Add(new CsvProblem(first.Line, "spec_schema", schemaError));
        }

        var skus = rows.Select(row => new SkuRequest(
            row["sku_code"], Pairs(row, "sku_specs", problems), Number(row, "price_fen", problems), (int)Math.Clamp(Number(row, "stock", problems), int.MinValue, int.MaxValue),
            Flag(row, "enabled", problems))).ToList();
        var request = new CreateProductRequest(categoryId, first["name"], Empty(first["subtitle"]), Empty(first["description"]), attributes, schema, skus);
        var errors = new FieldErrors();
        request.Validate(errors);
        foreach (var (field, messages) in errors.ToDictionary())
        {
            var (line, column) = Locate(field, rows);
            problems.AddRange(messages.Select(m => new CsvProblem(line, column, m)));
        }

        return problems.Count == found ? new ImportedProduct(first.Line, request) : null;
    }

    /// <summary>"skus[2].priceFen" is the third row's price_fen; product fields are on the first row.</summary>
    private static (int Line, string Column) Locate(string field, List<Row> rows)
    {
        var match = SkuField().Match(field);
        if (match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var index) && index < rows.Count)
        {
            return (rows[index].Line, match.Groups[2].Value switch
            {
                "code" => "sku_code",
                "priceFen" => "price_fen",
                "stockQuantity" => "stock",
                "specs" => "sku_specs",
                var other => other,
            });
        }

        return (rows[0].Line, field switch
        {
            "categoryId" => "category_id",
            "specs" => "spec_schema",
            var other when other.StartsWith("specs", StringComparison.Ordinal) => "spec_schema",
            var other when other.StartsWith("attributes", StringComparison.Ordinal) => "attributes",
            var other => other,
        });
    }

    private static long Number(Row row, string column, List<CsvProblem> problems)
    {
        if (long.TryParse(row[column], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add(new CsvProblem(row.Line, column, $"'{row[column]}' is not a whole number (money is in fen: 12.50 yuan is 1250)."));
        return 0;
    }

    private static bool Flag(Row row, string column, List<CsvProblem> problems)
    {
        switch (row[column].ToLowerInvariant())
        {
            case "" or "true" or "yes" or "1":
                return true;
            case "false" or "no" or "0":
                return false;
            default:
                problems.Add(new CsvProblem(row.Line, column, $"'{row[column]}' is not true or false."));
                return true;
        }
    }

    private static Dictionary<string, string>? Pairs(Row row, string column, List<CsvProblem> problems)
    {
        var pairs = ProductCsvFormat.ParsePairs(row[column], out var error);
        if (error is not null)
        {
            problems.Add(new CsvProblem(row.Line, column, error));
        }

        return pairs;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^skus\[(\d+)\]\.?([A-Za-z]*)")]
    private static partial Regex SkuField();
}
