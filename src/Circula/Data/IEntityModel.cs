using Microsoft.EntityFrameworkCore;

namespace Circula.Data;

/// <summary>
/// Entity configurations a module (or the platform) contributes to the one <see cref="CirculaDbContext"/>; the context
/// knows none of them by name. The tables come from the SQL migrations; this maps classes onto them.
/// </summary>
public interface IEntityModel
{
    void ConfigureModel(ModelBuilder modelBuilder);
}
