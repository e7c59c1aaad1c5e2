using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Telephony.Regions.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RegionsDb>
{
    public RegionsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegionsDb>().UseSqlite("Data Source=design-time.db").Options);
}
