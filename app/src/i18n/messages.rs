//! Every user-visible text: `Variant => "Bahasa Indonesia", "English";`.

use serde::{Deserialize, Serialize};

macro_rules! messages {
    ($($name:ident => $id:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($name,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// (Indonesian, English)
            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Msg::$name => ($id, $en),)* }
            }
        }
    };
}

messages! {
    AppName => "Simpul", "Simpul";
    StaffTagline => "Operasional ISP", "ISP operations";
    TechTagline => "Teknisi", "Technician";
    PortalTagline => "Portal Pelanggan", "Customer Portal";
    SkipToContent => "Langsung ke konten", "Skip to content";
    Language => "Bahasa", "Language";
    Loading => "Memuat…", "Loading…";
    Save => "Simpan", "Save";
    Saved => "Tersimpan.", "Saved.";
    Cancel => "Batal", "Cancel";
    Apply => "Terapkan", "Apply";
    Reset => "Atur ulang", "Reset";
    NextPage => "Berikutnya", "Next";
    FirstPage => "Halaman pertama", "First page";
    NoResults => "Tidak ada data.", "Nothing found.";
    Yes => "Ya", "Yes";
    No => "Tidak", "No";
    Never => "Belum pernah", "Never";
    System => "Sistem", "System";
    Close => "Tutup", "Close";

    NavDashboard => "Dasbor", "Dashboard";
    NavUsers => "Pengguna", "Users";
    NavAudit => "Log audit", "Audit log";
    NavOutbox => "Kotak keluar", "Outbox";
    NavAccount => "Akun saya", "My account";
    NavHome => "Beranda", "Home";
    NavAdministration => "Administrasi", "Administration";
    NavMainMenu => "Menu utama", "Main menu";
    SignOut => "Keluar", "Sign out";
    SignedInAs => "Masuk sebagai", "Signed in as";

    SignInTitle => "Masuk", "Sign in";
    SignInStaffSubtitle => "Masuk ke Simpul untuk staf dan teknisi.", "Sign in to Simpul for staff and technicians.";
    SignInPortalSubtitle => "Masuk untuk melihat layanan dan tagihan Anda.", "Sign in to see your service and invoices.";
    FieldLogin => "Email atau nama pengguna", "Email or username";
    FieldPassword => "Kata sandi", "Password";
    SignIn => "Masuk", "Sign in";
    SigningIn => "Sedang masuk…", "Signing in…";
    ForgotPassword => "Lupa kata sandi?", "Forgot your password?";
    InvalidCredentials => "Email/nama pengguna atau kata sandi salah.", "Wrong email/username or password.";
    TooManyAttempts => "Terlalu banyak percobaan gagal. Coba lagi dalam beberapa menit.", "Too many failed attempts. Try again in a few minutes.";
    RetryAfterMinutes => "Coba lagi setelah (menit):", "Try again after (minutes):";
    CustomerPortalLink => "Pelanggan? Masuk ke portal pelanggan", "Customer? Sign in to the customer portal";
    StaffLoginLink => "Staf? Masuk di sini", "Staff? Sign in here";

    ForgotTitle => "Lupa kata sandi", "Forgot password";
    ForgotHelp => "Masukkan email akun Anda. Kami akan mengirim tautan untuk membuat kata sandi baru.", "Enter your account's email. We will send a link to set a new password.";
    FieldEmail => "Email", "Email";
    SendResetLink => "Kirim tautan", "Send link";
    ResetLinkSent => "Jika email itu terdaftar, tautan untuk mengatur ulang kata sandi sudah dikirim. Tautan berlaku 1 jam dan hanya sekali pakai.", "If that email is registered, a link to reset the password has been sent. It is valid for 1 hour and works once.";
    BackToSignIn => "Kembali ke halaman masuk", "Back to sign in";
    ResetTitle => "Buat kata sandi baru", "Set a new password";
    FieldNewPassword => "Kata sandi baru", "New password";
    FieldConfirmPassword => "Ulangi kata sandi baru", "Repeat new password";
    SetPassword => "Simpan kata sandi", "Save password";
    ResetDone => "Kata sandi sudah diganti. Silakan masuk.", "Your password has been changed. Please sign in.";
    ResetTokenInvalid => "Tautan ini tidak berlaku atau sudah dipakai. Minta tautan baru.", "This link is invalid, expired or already used. Request a new one.";
    PasswordRules => "Minimal 10 karakter.", "At least 10 characters.";
    ResetMailSubject => "Atur ulang kata sandi Simpul", "Reset your Simpul password";

    AccountTitle => "Akun saya", "My account";
    Profile => "Profil", "Profile";
    Preferences => "Preferensi", "Preferences";
    ChangePassword => "Ganti kata sandi", "Change password";
    FieldCurrentPassword => "Kata sandi saat ini", "Current password";
    PasswordChanged => "Kata sandi diganti. Sesi lain sudah dikeluarkan.", "Password changed. Your other sessions were signed out.";
    FieldTimeZone => "Zona waktu", "Time zone";
    TzJakarta => "WIB — Asia/Jakarta (UTC+7)", "WIB — Asia/Jakarta (UTC+7)";
    TzMakassar => "WITA — Asia/Makassar (UTC+8)", "WITA — Asia/Makassar (UTC+8)";
    TzJayapura => "WIT — Asia/Jayapura (UTC+9)", "WIT — Asia/Jayapura (UTC+9)";
    TzUtc => "UTC", "UTC";

    ValRequired => "Wajib diisi.", "Required.";
    ValEmailInvalid => "Alamat email tidak valid.", "Not a valid email address.";
    ValUsernameInvalid => "3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.", "3–32 characters: lowercase letters, digits, dot, underscore or hyphen.";
    ValPasswordTooShort => "Kata sandi minimal 10 karakter.", "Password must be at least 10 characters.";
    ValPasswordTooLong => "Kata sandi maksimal 128 karakter.", "Password must be at most 128 characters.";
    ValPasswordMismatch => "Kedua kata sandi tidak sama.", "The passwords do not match.";
    ValPasswordSameAsOld => "Kata sandi baru harus berbeda dari yang lama.", "The new password must differ from the old one.";
    ValWrongPassword => "Kata sandi saat ini salah.", "The current password is wrong.";
    ValEmailTaken => "Email ini sudah dipakai akun lain.", "This email is already used by another account.";
    ValUsernameTaken => "Nama pengguna ini sudah dipakai.", "This username is already taken.";
    ValRolesRequired => "Pilih minimal satu peran.", "Choose at least one role.";
    ValCustomerRoleExclusive => "Akun pelanggan tidak boleh memegang peran staf.", "A customer account cannot hold staff roles.";
    ValTooLong => "Terlalu panjang.", "Too long.";
    ValCannotChangeOwnAccess => "Anda tidak dapat menonaktifkan atau mencabut peran admin akun Anda sendiri.", "You cannot deactivate your own account or remove your own admin role.";
    ValDateInvalid => "Tanggal tidak valid.", "Not a valid date.";

    ErrNotFound => "Data tidak ditemukan.", "Not found.";
    ErrUnauthorized => "Silakan masuk terlebih dahulu.", "Please sign in first.";
    ErrForbidden => "Anda tidak memiliki izin untuk tindakan ini.", "You are not allowed to do this.";
    ErrValidation => "Periksa kembali isian yang ditandai.", "Please check the highlighted fields.";
    ErrTooManyAttempts => "Terlalu banyak percobaan. Coba lagi nanti.", "Too many attempts. Try again later.";
    ErrUnavailable => "Layanan sedang tidak tersedia. Coba lagi sebentar lagi.", "The service is unavailable. Try again shortly.";
    ErrInternal => "Terjadi kesalahan di server. Kejadian ini sudah dicatat.", "Something went wrong on the server. It has been logged.";
    ErrTransport => "Tidak dapat menghubungi server. Periksa koneksi Anda.", "Could not reach the server. Check your connection.";
    ErrStaleData => "Data sudah diubah orang lain. Muat ulang lalu coba lagi.", "Someone else changed this. Reload and try again.";

    ForbiddenTitle => "Akses ditolak (403)", "Access denied (403)";
    ForbiddenBody => "Akun Anda tidak memiliki akses ke halaman ini.", "Your account has no access to this page.";
    GoToMyArea => "Ke halaman saya", "Go to my area";
    NotFoundTitle => "Halaman tidak ditemukan (404)", "Page not found (404)";
    NotFoundBody => "Alamat yang Anda buka tidak ada.", "The address you opened does not exist.";

    DashboardTitle => "Dasbor", "Dashboard";
    Welcome => "Selamat datang", "Welcome";
    YourRoles => "Peran Anda", "Your roles";
    LastSignIn => "Terakhir masuk", "Last sign-in";
    YourRecentActivity => "Aktivitas terbaru Anda", "Your recent activity";
    StaffCount => "Staf aktif", "Active staff";
    CustomerAccountCount => "Akun pelanggan aktif", "Active customer accounts";
    SignInsToday => "Login hari ini", "Sign-ins today";
    FailedSignInsToday => "Login gagal hari ini", "Failed sign-ins today";
    PendingOutbox => "Pesan di kotak keluar", "Messages in the outbox";

    TechHomeTitle => "Hari ini", "Today";
    TechHomeIntro => "Ringkasan akun teknisi Anda.", "Your technician account at a glance.";

    PortalLandingTitle => "Internet Anda, dalam genggaman", "Your internet, in your hands";
    PortalLandingBody => "Lihat status layanan, bayar tagihan, dan laporkan gangguan kapan saja.", "Check your service, pay invoices and report faults at any time.";
    PortalSignInCta => "Masuk ke portal", "Sign in to the portal";
    PortalHomeTitle => "Ringkasan akun", "Account summary";
    PortalHomeIntro => "Data akun Anda di penyedia internet.", "Your account with your internet provider.";

    UsersTitle => "Pengguna", "Users";
    NewUser => "Pengguna baru", "New user";
    EditUser => "Ubah pengguna", "Edit user";
    SearchUsers => "Cari nama, email, nama pengguna", "Search name, email, username";
    FilterRole => "Peran", "Role";
    AllRoles => "Semua peran", "All roles";
    FilterStatus => "Status", "Status";
    AllStatuses => "Semua status", "All statuses";
    StatusActive => "Aktif", "Active";
    StatusInactive => "Nonaktif", "Inactive";
    ColName => "Nama", "Name";
    ColEmail => "Email", "Email";
    ColUsername => "Nama pengguna", "Username";
    ColRoles => "Peran", "Roles";
    ColStatus => "Status", "Status";
    ColLastLogin => "Terakhir masuk", "Last sign-in";
    FieldFullName => "Nama lengkap", "Full name";
    FieldUsername => "Nama pengguna", "Username";
    FieldRoles => "Peran", "Roles";
    CreateUser => "Buat pengguna", "Create user";
    UserCreated => "Pengguna dibuat.", "User created.";
    Deactivate => "Nonaktifkan", "Deactivate";
    Reactivate => "Aktifkan kembali", "Reactivate";
    AdminResetPassword => "Atur kata sandi", "Set password";
    AdminResetPasswordHelp => "Semua sesi pengguna ini akan dikeluarkan.", "All of this user's sessions will be signed out.";
    PasswordSet => "Kata sandi diatur dan sesi pengguna dikeluarkan.", "Password set and the user's sessions signed out.";
    UserDeactivated => "Pengguna dinonaktifkan dan sesinya dikeluarkan.", "User deactivated and signed out.";
    UserReactivated => "Pengguna diaktifkan kembali.", "User reactivated.";
    InitialPassword => "Kata sandi awal", "Initial password";

    RoleAdmin => "Admin", "Admin";
    RoleSupervisor => "Supervisor", "Supervisor";
    RoleAgent => "Agen service desk", "Service-desk agent";
    RoleTechnician => "Teknisi", "Technician";
    RoleFinance => "Keuangan", "Finance";
    RoleCustomer => "Pelanggan", "Customer";

    AuditTitle => "Log audit", "Audit log";
    AuditHelp => "Catatan permanen setiap perubahan. Tidak dapat diubah atau dihapus.", "A permanent record of every change. It cannot be edited or deleted.";
    ColTime => "Waktu", "Time";
    ColActor => "Pelaku", "Actor";
    ColAction => "Tindakan", "Action";
    ColEntity => "Entitas", "Entity";
    ColIp => "IP", "IP";
    ColChanges => "Perubahan", "Changes";
    FilterAction => "Tindakan", "Action";
    FilterEntity => "Entitas", "Entity";
    FilterEntityId => "ID entitas", "Entity ID";
    FilterActor => "Pelaku (email/nama pengguna)", "Actor (email/username)";
    FilterFrom => "Dari tanggal", "From date";
    FilterTo => "Sampai tanggal", "To date";
    Before => "Sebelum", "Before";
    After => "Sesudah", "After";

    OutboxTitle => "Kotak keluar", "Outbox";
    OutboxHelp => "Pesan yang menunggu pengiriman. Pengiriman email belum dikonfigurasi, jadi pesan disimpan di sini.", "Messages waiting for delivery. Email delivery is not configured yet, so messages are kept here.";
    ColTo => "Kepada", "To";
    ColSubject => "Subjek", "Subject";
    ColBody => "Isi", "Body";

    KindIncident => "Insiden", "Incident";
    KindRequest => "Permintaan layanan", "Service request";
    ImpactHigh => "1 — Luas (banyak pelanggan/layanan)", "1 — Wide (many customers/services)";
    ImpactMedium => "2 — Sedang (sekelompok pelanggan)", "2 — Medium (a group of customers)";
    ImpactLow => "3 — Terbatas (satu pelanggan)", "3 — Limited (one customer)";
    UrgencyHigh => "1 — Tinggi (layanan berhenti)", "1 — High (service stopped)";
    UrgencyMedium => "2 — Sedang (layanan terganggu)", "2 — Medium (service degraded)";
    UrgencyLow => "3 — Rendah (bisa menunggu)", "3 — Low (can wait)";
    PriorityCritical => "1 Kritis", "1 Critical";
    PriorityHigh => "2 Tinggi", "2 High";
    PriorityModerate => "3 Sedang", "3 Moderate";
    PriorityLow => "4 Rendah", "4 Low";
    PriorityPlanning => "5 Perencanaan", "5 Planning";
    StatusNew => "Baru", "New";
    StatusAssigned => "Ditugaskan", "Assigned";
    StatusInProgress => "Dikerjakan", "In progress";
    StatusPendingCustomer => "Menunggu pelanggan", "Pending customer";
    StatusPendingThirdParty => "Menunggu pihak ketiga", "Pending third party";
    StatusPendingApproval => "Menunggu persetujuan", "Pending approval";
    StatusResolved => "Selesai", "Resolved";
    StatusClosed => "Ditutup", "Closed";
    StatusCancelled => "Dibatalkan", "Cancelled";
    SlaResponse => "Respons", "Response";
    SlaResolution => "Penyelesaian", "Resolution";
    SlaRunning => "Berjalan", "Running";
    SlaPaused => "Dijeda", "Paused";
    SlaWarning => "Hampir habis", "Warning";
    SlaBreached => "Terlampaui", "Breached";
    SlaMet => "Tercapai", "Met";
    SortUpdated => "Terakhir diubah", "Last changed";
    SortCreated => "Terbaru dibuat", "Newest";
    SortPriority => "Prioritas", "Priority";
    SortSlaDue => "Tenggat SLA terdekat", "Nearest SLA deadline";
    PresetMyOpen => "Tiket terbuka saya", "My open tickets";
    PresetUnassignedInMyGroups => "Belum ditugaskan di grup saya", "Unassigned in my groups";
    PresetBreachingToday => "Tenggat SLA hari ini", "SLA due today";

    NotifySlaWarning => "SLA hampir habis", "SLA nearly used up";
    NotifySlaBreached => "SLA terlampaui", "SLA breached";
    NotifyTicketAssigned => "Tiket ditugaskan kepada Anda", "Ticket assigned to you";
    SortRelevance => "Paling cocok", "Best match";
    ValCategoryInvalid => "Kategori tidak ada atau tidak aktif.", "The category does not exist or is inactive.";
    ValGroupInvalid => "Grup tidak ada atau tidak aktif.", "The group does not exist or is inactive.";
    ValAssigneeInvalid => "Orang ini tidak dapat ditugaskan tiket.", "This person cannot be assigned tickets.";
    ValAssigneeNotInGroup => "Petugas harus anggota grup yang dipilih.", "The assignee must be a member of the chosen group.";
    ValCallerInvalid => "Pelapor tidak ditemukan.", "The caller was not found.";
    ValWorkNoteRequired => "Tulis catatan kerja yang menjelaskan perubahan ini.", "Write a work note explaining this change.";
    ValTicketUnknown => "Tiket dengan nomor itu tidak ditemukan.", "No ticket with that number.";
    NavTickets => "Tiket", "Tickets";
    NavBoard => "Papan tiket", "Ticket board";
    NavNewTicket => "Tiket baru", "New ticket";
    TicketListTitle => "Daftar tiket", "Tickets";
    TicketTitle => "Tiket", "Ticket";
    BoardTitle => "Papan tiket", "Ticket board";
    NewTicket => "Tiket baru", "New ticket";
    CreateTicket => "Buat tiket", "Create ticket";
    SearchTickets => "Cari nomor, judul, isi, komentar", "Search number, title, text, comments";
    FilterKind => "Jenis", "Type";
    AllKinds => "Semua jenis", "All types";
    AllPriorities => "Semua prioritas", "All priorities";
    AllSlaStates => "Semua status SLA", "All SLA states";
    AllGroups => "Semua grup", "All groups";
    AllCategories => "Semua kategori", "All categories";
    Anyone => "Siapa saja", "Anyone";
    Me => "Saya", "Me";
    Unassigned => "Belum ditugaskan", "Unassigned";
    OpenTickets => "Masih terbuka", "Still open";
    SortBy => "Urutkan", "Sort by";
    SavedFilters => "Filter tersimpan", "Saved filters";
    ColNumber => "Nomor", "Number";
    ColTitle => "Judul", "Title";
    ColUpdated => "Diubah", "Changed";
    FieldKind => "Jenis tiket", "Ticket type";
    FieldTitle => "Judul", "Title";
    FieldDescription => "Uraian", "Description";
    FieldCategory => "Kategori", "Category";
    FieldImpact => "Dampak", "Impact";
    FieldUrgency => "Urgensi", "Urgency";
    FieldPriority => "Prioritas", "Priority";
    FieldSla => "SLA", "SLA";
    FieldGroup => "Grup", "Group";
    FieldAssignee => "Petugas", "Assignee";
    FieldCaller => "Pelapor", "Caller";
    FieldCallerAccount => "Akun pelapor", "Caller account";
    FieldCallerName => "Nama pelapor", "Caller name";
    FieldCallerContact => "Kontak pelapor", "Caller contact";
    FieldTags => "Label", "Tags";
    TagsHint => "Pisahkan dengan koma, mis. fiber, odp-12.", "Separate with commas, e.g. fiber, odp-12.";
    MarkdownHint => "Mendukung Markdown: **tebal**, _miring_, daftar, tautan.", "Markdown works: **bold**, _italic_, lists, links.";
    NoCategory => "Tanpa kategori", "No category";
    NoCallerAccount => "Tanpa akun (isi nama di samping)", "No account (enter a name)";
    AutomaticFromCategory => "Otomatis dari kategori", "Automatic from category";
    AutomaticLeastLoaded => "Otomatis: yang paling sedikit tiketnya", "Automatic: least loaded";
    MoveTo => "Pindahkan ke", "Move to";
    ResolveTicket => "Selesaikan", "Resolve";
    ResolutionNote => "Catatan penyelesaian", "Resolution note";
    ResolutionNoteHint => "Dikirim ke pelanggan sebagai balasan.", "Sent to the customer as a reply.";
    StatusNote => "Catatan (wajib untuk menyelesaikan)", "Note (required to resolve)";
    StatusNoteHint => "Saat menyelesaikan, catatan ini dikirim ke pelanggan; selain itu disimpan sebagai catatan internal.", "When resolving, this note is sent to the customer; otherwise it is kept as an internal note.";
    SlaTitle => "SLA", "SLA";
    SlaLeft => "lagi", "left";
    SlaOverdueBy => "lewat", "overdue by";
    NoSlaPolicy => "Tidak ada kebijakan SLA yang berlaku.", "No SLA policy applies.";
    AssignmentTitle => "Penugasan", "Assignment";
    SaveAssignment => "Simpan penugasan", "Save assignment";
    ReasonCategory => "Ditugaskan otomatis menurut kategori ke", "Auto-assigned by category to";
    ReasonLeastLoaded => "Ditugaskan otomatis: paling sedikit tiket di", "Auto-assigned: least loaded in";
    OpenTicketsCount => "tiket terbuka", "open tickets";
    ClassificationTitle => "Dampak dan urgensi", "Impact and urgency";
    WorkNote => "Catatan kerja (alasan perubahan)", "Work note (why this changes)";
    SaveClassification => "Simpan klasifikasi", "Save classification";
    Details => "Rincian", "Details";
    CreatedBy => "Dibuat oleh", "Created by";
    Watchers => "Pemantau", "Watchers";
    Watch => "Pantau", "Watch";
    Unwatch => "Berhenti memantau", "Unwatch";
    RelatedTickets => "Tiket terkait", "Related tickets";
    LinkTicketByNumber => "Tautkan tiket (nomor)", "Link a ticket (number)";
    Link => "Tautkan", "Link";
    Unlink => "Lepas", "Unlink";
    AddComment => "Tambah komentar", "Add a comment";
    CommentVisibility => "Siapa yang melihat", "Who sees it";
    InternalNote => "Catatan internal", "Internal note";
    PublicReply => "Balasan ke pelanggan", "Reply to customer";
    InternalNoteHint => "Catatan internal (hanya staf)", "Internal note (staff only)";
    PublicReplyHint => "Balasan (terlihat oleh pelanggan)", "Reply (the customer sees it)";
    SendReply => "Kirim balasan", "Send reply";
    AddNote => "Simpan catatan", "Add note";
    Timeline => "Riwayat", "Timeline";
    TimelineCreated => "membuat tiket", "created the ticket";
    TimelineStatus => "mengubah status", "changed the status";
    TimelineAssigned => "mengubah penugasan", "changed the assignment";
    TimelineReclassified => "mengubah dampak/urgensi", "changed impact/urgency";
    TimelineUpdated => "mengubah tiket", "edited the ticket";
    TimelineLinked => "menautkan tiket", "linked a ticket";
    TimelineUnlinked => "melepas tautan tiket", "unlinked a ticket";
    TimelineSlaWarning => "SLA hampir habis", "SLA nearly used up";
    TimelineSlaBreached => "SLA terlampaui", "SLA breached";
    TimelineChanged => "mengubah", "changed";
    ChangedText => "teks diubah", "text changed";
    ErrStatusUnchanged => "Tiket sudah berada di status itu.", "The ticket already has that status.";
    ErrTicketFinal => "Tiket yang sudah ditutup atau dibatalkan tidak dapat diubah lagi.", "A closed or cancelled ticket cannot change any more.";
    ErrTransitionNotAllowed => "Perpindahan status ini tidak diizinkan.", "This status change is not allowed.";
    ErrNeedsAssignee => "Tentukan petugas terlebih dahulu.", "Assign someone first.";
    ErrNeedsResolution => "Tulis catatan penyelesaian terlebih dahulu.", "Write a resolution note first.";
    ErrReopenWindowPassed => "Batas waktu untuk membuka kembali tiket ini sudah lewat. Buat tiket baru.", "The time to reopen this ticket has passed. Create a new ticket.";
    ErrApprovalOnly => "Status persetujuan hanya berubah lewat persetujuan atau penolakan.", "Approval status only changes by approving or rejecting.";
}
