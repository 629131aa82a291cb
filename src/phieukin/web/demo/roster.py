"""The Executive Committee (BCH) of the demo city, term XVII: positions and where each sits.

Positions follow a real city committee of 2024 (Standing Committee of 16: the Secretary,
three Deputy Secretaries and twelve members; about 70 Executive Committee members in all);
the people filling them are generated (``names.py``). Each entry is
(position, code of the cell the person belongs to, role on the Standing Committee or None).
"""

from __future__ import annotations

from phieukin.organizations.models import SeatRole as R

STANDING: tuple[tuple[str, str, str], ...] = (
    ("Bí thư Thành ủy", "VPTU-01", R.SECRETARY),
    ("Phó Bí thư Thường trực Thành ủy", "VPTU-01", R.DEPUTY_SECRETARY),
    ("Phó Bí thư Thành ủy, Chủ tịch Ủy ban nhân dân Thành phố", "VPUB-01", R.DEPUTY_SECRETARY),
    ("Phó Bí thư Thành ủy, Chủ tịch Hội đồng nhân dân Thành phố", "HDND", R.DEPUTY_SECRETARY),
    ("Trưởng Ban Tổ chức Thành ủy", "BTC", R.STANDING_MEMBER),
    ("Chủ nhiệm Ủy ban Kiểm tra Thành ủy", "UBKT", R.STANDING_MEMBER),
    ("Trưởng Ban Tuyên giáo Thành ủy", "BTG", R.STANDING_MEMBER),
    ("Trưởng Ban Dân vận Thành ủy", "BDV", R.STANDING_MEMBER),
    ("Trưởng Ban Nội chính Thành ủy", "VPTU-01", R.STANDING_MEMBER),
    ("Chánh Văn phòng Thành ủy", "VPTU-01", R.STANDING_MEMBER),
    ("Phó Chủ tịch Thường trực Ủy ban nhân dân Thành phố", "VPUB-01", R.STANDING_MEMBER),
    ("Phó Chủ tịch Thường trực Hội đồng nhân dân Thành phố", "HDND", R.STANDING_MEMBER),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố", "MTTQ", R.STANDING_MEMBER),
    ("Bí thư Đảng ủy Khối các cơ quan Thành phố", "VPTU-02", R.STANDING_MEMBER),
    ("Bí thư Quận ủy Đông Sơn", "DS-CQ", R.STANDING_MEMBER),
    ("Phó Chủ tịch Ủy ban nhân dân Thành phố", "VPUB-01", R.STANDING_MEMBER),
)

EXECUTIVE: tuple[tuple[str, str], ...] = (
    *(("Phó Chủ tịch Ủy ban nhân dân Thành phố", "VPUB-01") for _ in range(3)),
    ("Phó Chánh Văn phòng Ủy ban nhân dân Thành phố", "VPUB-01"),
    ("Phó Trưởng Ban Thường trực Ban Tổ chức Thành ủy", "BTC"),
    ("Phó Trưởng Ban Tổ chức Thành ủy", "BTC"),
    ("Phó Chủ nhiệm Thường trực Ủy ban Kiểm tra Thành ủy", "UBKT"),
    ("Phó Chủ nhiệm Ủy ban Kiểm tra Thành ủy", "UBKT"),
    ("Phó Trưởng Ban Thường trực Ban Tuyên giáo Thành ủy", "BTG"),
    ("Phó Trưởng Ban Tuyên giáo Thành ủy", "BTG"),
    ("Phó Trưởng Ban Dân vận Thành ủy", "BDV"),
    ("Phó Chánh Văn phòng Thành ủy", "VPTU-01"),
    ("Phó Trưởng Ban Nội chính Thành ủy", "VPTU-01"),
    ("Phó Bí thư Thường trực Đảng ủy Khối các cơ quan Thành phố", "VPTU-02"),
    *(("Phó Chủ tịch Hội đồng nhân dân Thành phố", "HDND") for _ in range(2)),
    ("Trưởng Ban Pháp chế Hội đồng nhân dân Thành phố", "HDND"),
    ("Trưởng Ban Kinh tế – Ngân sách Hội đồng nhân dân Thành phố", "HDND"),
    ("Chánh Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân Thành phố", "HDND"),
    ("Chủ tịch Ủy ban nhân dân quận Đông Sơn", "DS-CQ"),
    ("Phó Bí thư Thường trực Quận ủy Đông Sơn", "DS-CQ"),
    ("Bí thư Quận ủy Tây Hà", "TH-CQ"),
    ("Chủ tịch Ủy ban nhân dân quận Tây Hà", "TH-CQ"),
    ("Bí thư Huyện ủy Bình Giang", "BG-CQ"),
    ("Chủ tịch Ủy ban nhân dân huyện Bình Giang", "BG-CQ"),
    ("Phó Bí thư Huyện ủy Bình Giang", "BG-CQ"),
    ("Giám đốc Sở Tài chính", "STC-01"),
    ("Giám đốc Sở Nội vụ", "SNV"),
    ("Giám đốc Sở Kế hoạch và Đầu tư", "SKH"),
    ("Giám đốc Sở Xây dựng", "SXD"),
    ("Giám đốc Sở Giao thông vận tải", "SGT"),
    ("Giám đốc Sở Y tế", "SYT"),
    ("Giám đốc Sở Giáo dục và Đào tạo", "SGD"),
    ("Giám đốc Sở Tư pháp", "STP"),
    ("Giám đốc Sở Công Thương", "SCT"),
    ("Giám đốc Sở Nông nghiệp và Phát triển nông thôn", "SNN"),
    ("Giám đốc Sở Tài nguyên và Môi trường", "STN"),
    ("Giám đốc Sở Văn hóa và Thể thao", "SVH"),
    ("Giám đốc Sở Thông tin và Truyền thông", "STT"),
    ("Giám đốc Sở Lao động – Thương binh và Xã hội", "SLD"),
    ("Giám đốc Sở Khoa học và Công nghệ", "SKC"),
    ("Chánh Thanh tra Thành phố", "TTTP"),
    ("Chánh án Tòa án nhân dân Thành phố", "TAND"),
    ("Viện trưởng Viện Kiểm sát nhân dân Thành phố", "VKS"),
    ("Hiệu trưởng Trường Đại học Hà Thành", "DH"),
    ("Tổng Biên tập Báo Hà Thành Mới", "BAO"),
    ("Phó Chủ tịch Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố", "MTTQ"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ Thành phố", "MTTQ"),
    ("Chủ tịch Liên đoàn Lao động Thành phố", "MTTQ"),
    ("Bí thư Thành đoàn", "MTTQ"),
    ("Chủ tịch Hội Nông dân Thành phố", "MTTQ"),
    ("Chủ tịch Hội Cựu chiến binh Thành phố", "MTTQ"),
    ("Phó Giám đốc Sở Y tế", "SYT"),
    ("Phó Giám đốc Sở Giáo dục và Đào tạo", "SGD"),
    ("Phó Bí thư Quận ủy Tây Hà", "TH-CQ"),
)
# Two members excused from conference No. 16 (a realistic pair; the quorum holds easily).
EXCUSED: dict[str, str] = {
    "Giám đốc Sở Công Thương": "Đi công tác nước ngoài theo kế hoạch của Thành phố",
    "Chủ tịch Hội Cựu chiến binh Thành phố": "Ốm, đang điều trị tại bệnh viện",
}
