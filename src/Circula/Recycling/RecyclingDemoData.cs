using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Areas;
using Circula.Recycling.Collectors;
using Circula.Recycling.Pricing;

namespace Circula.Recycling;

/// <summary>
/// Demo pricing rules for every seeded recycling category that takes items (the leaves of the recycling tree), at
/// prices a Chinese recycling station might pay; the two Hangzhou service areas, each with a demo collector covering it
/// (the demo accounts Identity creates); deterministic, and seeded once per database like all demo data.
/// </summary>
public sealed class RecyclingDemoData(IRecyclingCategories categories, PricingRules rules, ServiceAreas areas, CollectorRoster collectors,
    IUserDirectory users) : IDemoDataSeeder
{
    public int Order => 40;

    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var category in (await categories.ListAsync(ct)).Where(c => c.IsLeaf))
        {
            if (Rules.TryGetValue(category.Path, out var rule))
            {
                var saved = await rules.SaveAsync(category.Id, rule, expected: null, userId: null, ct);
                if (!saved.IsSuccess)
                {
                    throw new InvalidOperationException($"Demo rule for {category.Path}: {saved.Error.Detail}");
                }
            }
        }

        foreach (var area in Areas)
        {
            var created = await areas.CreateAsync(area, ct);
            if (!created.IsSuccess)
            {
                throw new InvalidOperationException($"Demo area {area.Name}: {created.Error!.Detail}");
            }
        }

        for (var i = 0; i < DemoAccounts.Collectors.Count; i++)
        {
            var user = await users.FindByUsernameAsync(DemoAccounts.Collectors[i], ct)
                ?? throw new InvalidOperationException($"The demo collector account {DemoAccounts.Collectors[i]} is missing.");
            var (name, latitude, longitude) = CollectorBases[i];
            var created = await collectors.CreateAsync(new NewCollector(user.ToString(), name, Areas[i].Boundary, latitude, longitude, "09:00", "19:00", 5), ct);
            if (!created.IsSuccess)
            {
                throw new InvalidOperationException($"Demo collector {name}: {created.Error.Detail}");
            }
        }
    }

    /// <summary>The demo collectors, one per demo area in order: name and base (GCJ-02).</summary>
    private static readonly (string Name, double Latitude, double Longitude)[] CollectorBases = [("李师傅", 30.2741, 120.1305), ("赵师傅", 30.2500, 120.1900)];

    /// <summary>Two Hangzhou districts, roughly (GCJ-02): 西湖区 west of 120.165°E and 上城区 east of it; two-hour slots, 09:00 to 19:00.</summary>
    public static readonly IReadOnlyList<ServiceAreaRequest> Areas =
    [
        Area("西湖区", [120.080, 30.200], [120.165, 30.200], [120.165, 30.300], [120.095, 30.310], [120.080, 30.260]),
        Area("上城区", [120.165, 30.200], [120.230, 30.210], [120.225, 30.300], [120.165, 30.300]),
    ];

    private static ServiceAreaRequest Area(string name, params double[][] corners) =>
        new(name, JsonSerializer.SerializeToElement(new { type = "Polygon", coordinates = new[] { corners.Append(corners[0]).ToArray() } }), 120, 10, "09:00", "19:00");

    private static readonly AttributeSpec Working = new("working", "能否正常使用", "boolean", null, true);

    private static AttributeSpec Flag(string name, string label) => new(name, label, "boolean");

    private static AttributeSpec Choice(string name, string label, params string[] options) => new(name, label, "choice", options, true);

    private static PriceFactor When(string field, string op, object value, string effect, long amount, string label) =>
        new(field, op, JsonSerializer.SerializeToElement(value), null, effect, amount, label);

    /// <summary>By category path. Multiply amounts are basis points (7000 = ×0.7); the rest are fen.</summary>
    public static readonly IReadOnlyDictionary<string, PricingRule> Rules = new Dictionary<string, PricingRule>(StringComparer.Ordinal)
    {
        ["废纸/纸箱"] = new("kg", 140, [Flag("wet", "受潮")], [When("wet", "eq", true, "multiply", 7000, "受潮")]),
        ["废纸/书本报纸"] = new("kg", 120, [], []),
        ["塑料/塑料瓶"] = new("kg", 150, [Flag("dirty", "未清洗")], [When("dirty", "eq", true, "multiply", 8000, "未清洗")]),
        ["塑料/塑料筐"] = new("kg", 100, [], []),
        ["金属/废铁"] = new("kg", 250, [Flag("rusty", "严重锈蚀")], [When("rusty", "eq", true, "multiply", 8500, "严重锈蚀")]),
        ["金属/废铜"] = new("kg", 5500, [Choice("grade", "铜的种类", "光亮铜", "黄铜", "杂铜")],
            [When("grade", "eq", "黄铜", "multiply", 6500, "黄铜"), When("grade", "eq", "杂铜", "multiply", 7500, "杂铜")]),
        ["金属/易拉罐"] = new("kg", 900, [], []),
        ["电子产品/旧手机"] = new("piece", 30000,
            [Choice("brand", "品牌", "苹果", "华为", "小米", "OPPO", "vivo", "其他"), new AttributeSpec("ageYears", "使用年限（年）", "number", null, true),
                Working, Flag("screenCracked", "屏幕碎裂")],
            [
                When("brand", "eq", "苹果", "multiply", 15000, "苹果"),
                When("brand", "eq", "华为", "multiply", 12000, "华为"),
                When("ageYears", "gte", 3, "multiply", 6000, "使用 3 年以上"),
                When("ageYears", "gte", 5, "multiply", 5000, "使用 5 年以上"),
                When("working", "eq", false, "multiply", 3000, "无法正常使用"),
                When("screenCracked", "eq", true, "subtract", 3000, "屏幕碎裂"),
            ],
            MinUnitPriceFen: 500, MaxUnitPriceFen: 300_000),
        ["电子产品/旧电脑"] = new("piece", 20000,
            [Choice("type", "类型", "笔记本", "台式机"), new AttributeSpec("ageYears", "使用年限（年）", "number", null, true), Working],
            [
                When("type", "eq", "笔记本", "multiply", 13000, "笔记本"),
                When("ageYears", "gte", 5, "multiply", 5000, "使用 5 年以上"),
                When("working", "eq", false, "multiply", 2500, "无法正常使用"),
            ],
            MinUnitPriceFen: 1000),
        ["衣物"] = new("kg", 60, [Choice("condition", "成色", "可穿", "破旧")], [When("condition", "eq", "破旧", "multiply", 5000, "破旧")]),
        ["家具"] = new("piece", 2000, [Choice("material", "材质", "实木", "板材", "其他"), Flag("damaged", "明显破损")],
            [
                When("material", "eq", "实木", "add", 5000, "实木"),
                When("damaged", "eq", true, "multiply", 5000, "明显破损"),
            ]),
        ["家电/大家电"] = new("piece", 5000, [Choice("type", "类型", "冰箱", "洗衣机", "空调", "电视"), Working],
            [
                When("type", "eq", "空调", "add", 10000, "空调（含铜管）"),
                When("working", "eq", false, "multiply", 5000, "无法正常使用"),
            ]),
        ["家电/小家电"] = new("piece", 500, [Working], [When("working", "eq", false, "subtract", 300, "无法正常使用")]),
    };
}
