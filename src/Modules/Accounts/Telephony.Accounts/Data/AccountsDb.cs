using Microsoft.EntityFrameworkCore;

namespace Telephony.Accounts.Data;

internal sealed class AccountsDb(DbContextOptions<AccountsDb> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var account = modelBuilder.Entity<Account>();
        account.HasKey(a => a.Sid);
        account.Property(a => a.Sid).HasMaxLength(34);
        account.Property(a => a.OwnerAccountSid).HasMaxLength(34);
        account.Property(a => a.FriendlyName).HasMaxLength(AccountRules.MaxFriendlyNameLength);
        account.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        account.Property(a => a.ProtectedAuthToken).HasMaxLength(1024);
        account.HasIndex(a => new { a.OwnerAccountSid, a.DateCreated, a.Sid });
    }
}
