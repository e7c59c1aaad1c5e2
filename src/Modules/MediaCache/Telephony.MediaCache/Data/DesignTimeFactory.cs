using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Telephony.MediaCache.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MediaCacheDb>
{
    public MediaCacheDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MediaCacheDb>().UseSqlite("Data Source=design-time.db").Options);
}
