using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

internal static class CatalogModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        _ = modelBuilder;
    }
}
