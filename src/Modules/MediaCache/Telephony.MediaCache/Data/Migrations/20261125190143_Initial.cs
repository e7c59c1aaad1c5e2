using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.MediaCache.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CacheEntries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    NormalisedUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceEtag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SourceLastModified = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DateFetched = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateValidated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FreshUntil = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LifetimeSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    StaleWhileRevalidateSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    MustRevalidate = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CacheEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Media",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    NormalisedUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    CacheKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceEtag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SourceLastModified = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ErrorCode = table.Column<int>(type: "INTEGER", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Pinned = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateLastUsed = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Media", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "StoredFiles",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateLastUsed = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredFiles", x => x.Sha256);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CacheEntries_ContentSha256",
                table: "CacheEntries",
                column: "ContentSha256");

            migrationBuilder.CreateIndex(
                name: "IX_CacheEntries_SourceSha256_Format",
                table: "CacheEntries",
                columns: new[] { "SourceSha256", "Format" });

            migrationBuilder.CreateIndex(
                name: "IX_Media_AccountSid_CacheKey",
                table: "Media",
                columns: new[] { "AccountSid", "CacheKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Media_AccountSid_DateCreated_Sid",
                table: "Media",
                columns: new[] { "AccountSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Media_CacheKey",
                table: "Media",
                column: "CacheKey");

            migrationBuilder.CreateIndex(
                name: "IX_Media_ContentSha256",
                table: "Media",
                column: "ContentSha256");

            migrationBuilder.CreateIndex(
                name: "IX_StoredFiles_DateLastUsed",
                table: "StoredFiles",
                column: "DateLastUsed");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CacheEntries");

            migrationBuilder.DropTable(
                name: "Media");

            migrationBuilder.DropTable(
                name: "StoredFiles");
        }
    }
}
