using Microsoft.EntityFrameworkCore;

namespace Telephony.MediaCache.Data;

internal sealed class MediaCacheDb(DbContextOptions<MediaCacheDb> options) : DbContext(options)
{
    public const int MaxUrlLength = 2048;

    public DbSet<MediaItem> Media => Set<MediaItem>();

    public DbSet<CacheEntry> CacheEntries => Set<CacheEntry>();

    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var media = modelBuilder.Entity<MediaItem>();
        media.HasKey(m => m.Sid);
        media.Property(m => m.Sid).HasMaxLength(34);
        media.Property(m => m.AccountSid).HasMaxLength(34);
        media.Property(m => m.Url).HasMaxLength(MaxUrlLength);
        media.Property(m => m.NormalisedUrl).HasMaxLength(MaxUrlLength);
        media.Property(m => m.CacheKey).HasMaxLength(64);
        media.Property(m => m.Format).HasMaxLength(16);
        media.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        media.Property(m => m.ContentSha256).HasMaxLength(64);
        media.Property(m => m.ContentType).HasMaxLength(64);
        media.Property(m => m.SourceEtag).HasMaxLength(256);
        media.Property(m => m.ErrorMessage).HasMaxLength(1024);
        media.HasIndex(m => new { m.AccountSid, m.CacheKey }).IsUnique();
        media.HasIndex(m => new { m.AccountSid, m.DateCreated, m.Sid });
        media.HasIndex(m => m.CacheKey);
        media.HasIndex(m => m.ContentSha256);

        var entry = modelBuilder.Entity<CacheEntry>();
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).HasMaxLength(64);
        entry.Property(e => e.Scope).HasMaxLength(34);
        entry.Property(e => e.NormalisedUrl).HasMaxLength(MaxUrlLength);
        entry.Property(e => e.Format).HasMaxLength(16);
        entry.Property(e => e.ContentSha256).HasMaxLength(64);
        entry.Property(e => e.SourceSha256).HasMaxLength(64);
        entry.Property(e => e.SourceEtag).HasMaxLength(256);
        entry.HasIndex(e => new { e.SourceSha256, e.Format });
        entry.HasIndex(e => e.ContentSha256);

        var file = modelBuilder.Entity<StoredFile>();
        file.HasKey(f => f.Sha256);
        file.Property(f => f.Sha256).HasMaxLength(64);
        file.Property(f => f.Format).HasMaxLength(16);
        file.Property(f => f.ContentType).HasMaxLength(64);
        file.HasIndex(f => f.DateLastUsed);
    }
}
