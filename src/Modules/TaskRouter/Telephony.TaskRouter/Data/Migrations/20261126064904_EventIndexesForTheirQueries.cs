using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventIndexesForTheirQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_EventDate",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_WorkspaceSid_DateCreated_Sid",
                table: "Events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Events_EventDate",
                table: "Events",
                column: "EventDate");

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_DateCreated_Sid",
                table: "Events",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });
        }
    }
}
