namespace Circula.Catalog;

public sealed partial class CatalogDemoData
{
    /// <summary>Parents before children; the path's last part is the name.</summary>
    private static readonly (string Path, CategoryKind Kind, int SortOrder)[] Categories =
    [
        ("二手数码", CategoryKind.Shop, 10),
        ("二手数码/手机", CategoryKind.Shop, 10),
        ("二手数码/笔记本电脑", CategoryKind.Shop, 20),
        ("二手数码/平板电脑", CategoryKind.Shop, 30),
        ("二手数码/相机", CategoryKind.Shop, 40),
        ("二手家电", CategoryKind.Shop, 20),
        ("二手家电/洗衣机", CategoryKind.Shop, 10),
        ("二手家电/冰箱", CategoryKind.Shop, 20),
        ("二手家电/空调", CategoryKind.Shop, 30),
        ("二手家电/厨房小电", CategoryKind.Shop, 40),
        ("二手家具", CategoryKind.Shop, 30),
        ("二手家具/桌椅", CategoryKind.Shop, 10),
        ("二手家具/柜子", CategoryKind.Shop, 20),
        ("环保生活", CategoryKind.Shop, 40),
        ("环保生活/环保袋", CategoryKind.Shop, 10),
        ("环保生活/可降解餐具", CategoryKind.Shop, 20),
        ("环保生活/垃圾分类", CategoryKind.Shop, 30),
        ("二手图书", CategoryKind.Shop, 50),
        ("二手服饰", CategoryKind.Shop, 60),

        ("废纸", CategoryKind.Recycling, 110),
        ("废纸/纸箱", CategoryKind.Recycling, 10),
        ("废纸/书本报纸", CategoryKind.Recycling, 20),
        ("塑料", CategoryKind.Recycling, 120),
        ("塑料/塑料瓶", CategoryKind.Recycling, 10),
        ("塑料/塑料筐", CategoryKind.Recycling, 20),
        ("金属", CategoryKind.Recycling, 130),
        ("金属/废铁", CategoryKind.Recycling, 10),
        ("金属/废铜", CategoryKind.Recycling, 20),
        ("金属/易拉罐", CategoryKind.Recycling, 30),
        ("电子产品", CategoryKind.Recycling, 140),
        ("电子产品/旧手机", CategoryKind.Recycling, 10),
        ("电子产品/旧电脑", CategoryKind.Recycling, 20),
        ("衣物", CategoryKind.Recycling, 150),
        ("家具", CategoryKind.Recycling, 160),
        ("家电", CategoryKind.Recycling, 170),
        ("家电/大家电", CategoryKind.Recycling, 10),
        ("家电/小家电", CategoryKind.Recycling, 20),
    ];
}
