using Circula.Marketplace.Listings;

namespace Circula.Bench.Search;

/// <summary>
/// Makes realistic second-hand listings at random (seeded, so every run writes the same ones): a category by the share
/// a campus marketplace sees (phones most), goods of that category with a brand, a model and a spec, a seller's phrasing,
/// a price near the goods' own, a condition, a spot in one of Hangzhou's districts (GCJ-02), a publication time in the
/// last 180 days, and one to four images. A few goods are rare on purpose (徕卡, about one listing in 2,000), so the
/// benchmark has a rare word as well as common ones (手机 in about a quarter of the listings).
/// </summary>
internal sealed class BenchListingMaker(Random random)
{
    private static readonly (string District, double Latitude, double Longitude)[] Districts =
    [
        ("上城区", 30.2425, 120.1697), ("拱墅区", 30.3190, 120.1420), ("西湖区", 30.2594, 120.1300), ("滨江区", 30.2084, 120.2119),
        ("萧山区", 30.1850, 120.2645), ("余杭区", 30.2870, 120.0030), ("临平区", 30.4210, 120.2990), ("钱塘区", 30.3010, 120.4940),
        ("富阳区", 30.0490, 119.9600),
    ];

    private static readonly string[] Openings = ["九成新 ", "闲置 ", "毕业出 ", "搬家转让 ", "低价出 ", "急出 ", "自用 ", "", "", ""];

    private static readonly string[] Reasons =
    [
        "自用，", "买来没怎么用，", "毕业带不走，", "搬家清理，", "急出，", "个人闲置，", "换了新的所以出，", "朋友送的用不上，", "公司发的福利，",
    ];

    private static readonly string[] Closings =
    [
        "可小刀，同城自提优先。", "价格实在，不议价。", "周末可以上门看货。", "支持当面验货。", "小区门口可面交。", "有意私信，看到就回。",
        "可以走平台担保交易。", "不包邮，同城可送。", "非诚勿扰。", "学生党优先。",
    ];

    private static readonly string[] Conditions = ["new", "like-new", "like-new", "good", "good", "good", "fair", "for-parts"];

    /// <summary>Category id (1 phones, 2 books, 3 furniture, 4 appliances, 5 clothing, 6 others), its share in ten-thousandths, its goods.</summary>
    private static readonly (long CategoryId, int Share, Goods[] Goods)[] Categories =
    [
        (1, 3000, [
            new("iPhone 15 Pro", 600_000, "手机", ["128G", "256G", "512G"], "电池健康 {0}%，无拆无修，屏幕无划痕。", 6),
            new("iPhone 14", 380_000, "手机", ["128G", "256G"], "国行正品，面容正常，附原装数据线。", 8),
            new("iPhone 13", 260_000, "手机", ["128G", "256G"], "电池健康 {0}%，一直戴壳贴膜。", 8),
            new("华为 Mate 60 Pro", 550_000, "手机", ["12+256G", "12+512G"], "卫星通话正常，鸿蒙系统流畅。", 6),
            new("华为 P60", 380_000, "手机", ["8+256G"], "拍照很好，换了新手机所以出。", 5),
            new("小米 14", 330_000, "手机", ["12+256G", "16+512G"], "影像系统很强，外观有轻微使用痕迹。", 6),
            new("Redmi K70", 210_000, "手机", ["12+256G"], "打游戏不卡，续航很好。", 6),
            new("OPPO Reno10", 200_000, "手机", ["12+256G"], "拍人像很好看，送手机壳。", 5),
            new("vivo X100", 360_000, "手机", ["12+256G", "16+512G"], "蔡司镜头，屏幕完美。", 5),
            new("荣耀 Magic5", 260_000, "手机", ["12+256G"], "功能全部正常，电池耐用。", 4),
            new("三星 Galaxy S23", 330_000, "手机", ["8+256G"], "港版双卡，支持 5G。", 3),
            new("一加 12", 330_000, "手机", ["16+512G"], "哈苏影像，充电很快。", 3),
            new("iPad Air 5", 320_000, "平板电脑", ["64G WiFi", "256G WiFi"], "主要用来看网课，带原装充电器。", 6),
            new("AirPods Pro 二代", 120_000, "耳机", [""], "降噪正常，耳机仓有细微划痕。", 6),
            new("Kindle Paperwhite 5", 60_000, "电子书阅读器", [""], "看书神器，送保护套。", 4),
            new("任天堂 Switch OLED", 180_000, "游戏机", ["日版", "港版"], "带两个手柄和三张卡带。", 5),
            new("索尼 WH-1000XM5", 180_000, "耳机", [""], "降噪耳机，通勤必备。", 3),
            new("手机壳 钢化膜 套装", 2_000, "", ["iPhone 15", "华为 Mate 60", "小米 14"], "买多了，全新未拆。", 3),
            new("徕卡 M6 胶片相机", 1_800_000, "", ["银色", "黑色"], "收藏级，快门准确，测光正常。", 0),
        ]),
        (2, 1500, [
            new("高等数学 同济第七版", 2_500, "教材", ["上册", "下册", "上下册"], "有少量笔记，不影响阅读。", 8),
            new("考研英语 历年真题", 3_000, "", ["黄皮书", "张剑"], "真题没做过几套，答案解析齐全。", 6),
            new("三体 全三册", 4_500, "小说", [""], "正版，书页干净。", 6),
            new("活着 余华", 1_200, "小说", [""], "读过一遍，品相很好。", 5),
            new("算法导论 第三版", 6_000, "教材", [""], "计算机专业必读，有划线。", 4),
            new("线性代数 同济第六版", 1_500, "教材", [""], "课本，有划线。", 5),
            new("人类简史", 2_800, "", ["精装"], "几乎全新。", 4),
            new("雅思真题集 剑桥", 9_900, "", ["14-18"], "五本打包出，没有写过。", 4),
            new("红楼梦 人民文学出版社", 4_000, "小说", ["上下册"], "经典版本，书脊完好。", 3),
            new("教师资格证 面试资料", 3_500, "", [""], "全套笔记加真题。", 4),
        ]),
        (3, 1500, [
            new("宜家 书桌", 19_900, "", ["120cm", "140cm"], "白色桌面，稳固无晃动，需自提。", 8),
            new("实木餐桌", 68_000, "", ["四人位", "六人位"], "橡木材质，配椅子。", 5),
            new("布艺三人沙发", 88_000, "沙发", ["灰色", "米白色"], "可拆洗，无污渍。", 6),
            new("乳胶床垫", 45_000, "", ["1.5 米", "1.8 米"], "用了一年，一直有床笠保护。", 5),
            new("人体工学办公椅", 35_000, "椅子", [""], "腰托可调，久坐不累。", 6),
            new("五层书架", 9_900, "", [""], "简易组装，承重不错。", 5),
            new("两门衣柜", 39_900, "衣柜", [""], "板材环保，拆装方便。", 4),
            new("床头柜", 12_000, "", ["一对", "单个"], "北欧风，抽屉顺滑。", 4),
            new("鞋柜", 15_000, "", ["翻斗式"], "超薄款，不占地方。", 3),
        ]),
        (4, 1500, [
            new("美的 双开门冰箱", 180_000, "冰箱", ["470L"], "制冷正常，无异响，需自提。", 6),
            new("海尔 三门冰箱", 150_000, "冰箱", ["253L"], "省电静音。", 4),
            new("小天鹅 滚筒洗衣机", 120_000, "洗衣机", ["10kg"], "洗烘一体，用了两年。", 6),
            new("格力 挂机空调", 150_000, "空调", ["1.5 匹", "大 1 匹"], "一级能效，需自己找师傅拆装。", 5),
            new("戴森 吹风机 HD08", 159_900, "", [""], "正品带发票，配件齐全。", 4),
            new("戴森 V12 吸尘器", 250_000, "", [""], "吸力很强，电池正常。", 3),
            new("九阳 豆浆机", 12_900, "", [""], "功能正常，清洗干净。", 4),
            new("格兰仕 微波炉", 19_900, "", [""], "转盘正常，加热快。", 4),
            new("石头 扫地机器人", 150_000, "", ["G10"], "自动集尘，拖扫一体。", 4),
            new("小米 空气净化器 4", 49_900, "", [""], "滤芯刚换不久。", 4),
        ]),
        (5, 1500, [
            new("优衣库 轻型羽绒服", 19_900, "羽绒服", ["M 码", "L 码"], "只穿过几次，已干洗。", 6),
            new("耐克 Air Force 1", 39_900, "球鞋", ["42 码", "43 码", "40 码"], "鞋底磨损很少，送鞋盒。", 6),
            new("阿迪达斯 Samba", 49_900, "板鞋", ["39 码", "41 码"], "经典德训鞋，正品。", 4),
            new("李宁 连帽卫衣", 9_900, "卫衣", ["L 码"], "颜色没褪，领口不变形。", 5),
            new("波司登 长款羽绒服", 59_900, "羽绒服", ["M 码"], "保暖很好，尺码买大了。", 4),
            new("始祖鸟 冲锋衣", 260_000, "", ["Beta LT"], "专柜购买，防水很好。", 2),
            new("Zara 羊毛大衣", 29_900, "大衣", ["S 码"], "驼色百搭，无起球。", 4),
            new("Coach 托特包", 120_000, "手提包", [""], "专柜正品，五金无磨损。", 3),
            new("新秀丽 行李箱", 59_900, "", ["20 寸", "24 寸"], "万向轮顺滑，外壳有使用痕迹。", 4),
        ]),
        (6, 1000, [
            new("捷安特 山地自行车", 120_000, "自行车", ["ATX 660"], "变速正常，刹车灵敏。", 5),
            new("雅马哈 电钢琴", 260_000, "", ["P-125"], "手感接近真钢琴，送琴凳。", 3),
            new("雅马哈 民谣吉他", 80_000, "吉他", ["F310"], "音色很好，送琴包。", 4),
            new("乐高 积木", 60_000, "", ["千年隼", "保时捷 911"], "拼过一次，零件齐全。", 4),
            new("迪卡侬 帐篷", 30_000, "", ["双人"], "露营用过两次。", 4),
            new("婴儿推车", 50_000, "", ["可坐可躺"], "孩子大了用不上了。", 4),
            new("猫爬架", 15_000, "", ["大号"], "猫不爱玩，几乎全新。", 3),
            new("雅迪 电动车", 150_000, "", ["新国标"], "续航 60 公里，带牌照。", 3),
        ]),
    ];

    private long _imageId = 9_000_000_000_000;

    /// <summary>The next listing, drafted by the seller, and when it is published.</summary>
    public (Listing Listing, DateTime At) Next(long sellerId, DateTime now)
    {
        var category = Pick(Categories, c => c.Share);
        var goods = random.Next(2_000) == 0 && category.CategoryId == 1 ? category.Goods[^1] : Pick(category.Goods, g => g.Weight);
        var spec = goods.Specs[random.Next(goods.Specs.Length)];
        var title = $"{Openings[random.Next(Openings.Length)]}{goods.Name}{(spec.Length > 0 ? " " + spec : "")}{(goods.Kind.Length > 0 && random.Next(10) < 8 ? " " + goods.Kind : "")}";
        var detail = string.Format(System.Globalization.CultureInfo.InvariantCulture, goods.Detail, random.Next(78, 100));
        var description = $"{Reasons[random.Next(Reasons.Length)]}{detail}{Closings[random.Next(Closings.Length)]}";
        var price = Math.Max(100, goods.PriceFen * random.Next(50, 131) / 100 / 100 * 100);
        var (district, latitude, longitude) = Districts[random.Next(Districts.Length)];
        var location = new ListingLocation(Math.Round(latitude + (random.NextDouble() - 0.5) * 0.08, 6), Math.Round(longitude + (random.NextDouble() - 0.5) * 0.08, 6), district);
        var request = new ListingRequest(title, description, category.CategoryId, Conditions[random.Next(Conditions.Length)], price, [], location);
        var at = now.AddMinutes(-random.Next(180 * 24 * 60));
        return (Listing.Draft(sellerId, request, Images(), at), at);
    }

    private List<ListingImage> Images() => Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
    {
        var key = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));
        return new ListingImage((++_imageId).ToString(System.Globalization.CultureInfo.InvariantCulture), $"/uploads/{key}.jpg", $"/uploads/{key}-thumb.jpg");
    }).ToList();

    private T Pick<T>(IReadOnlyList<T> items, Func<T, int> weight)
    {
        var roll = random.Next(items.Sum(weight));
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }

        throw new InvalidOperationException("weights must be positive");
    }

    /// <summary>Goods of a category: name, typical price in fen, what kind of thing it is (added to most titles), specs, a detail ({0}: a percentage), its weight.</summary>
    private sealed record Goods(string Name, long PriceFen, string Kind, string[] Specs, string Detail, int Weight);
}
