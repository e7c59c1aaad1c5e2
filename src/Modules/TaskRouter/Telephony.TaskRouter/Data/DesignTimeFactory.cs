using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Telephony.TaskRouter.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TaskRouterDb>
{
    public TaskRouterDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TaskRouterDb>().UseSqlite("Data Source=design-time.db").Options);
}
