using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

/// <summary>
/// Our own messages for the categories of RFC 4475 (SIP torture tests): §3.1.1 valid-but-tricky, §3.1.2 invalid, and the
/// transaction/application-layer cases of §3.2/§3.3 that a parser must still read. Each names its RFC 4475 counterpart.
/// </summary>
internal static class SipTortureCorpus
{
    private const string Common = """
        Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKcommon
        From: <sip:caller@example.net>;tag=1
        To: <sip:user@example.com>
        Call-ID: common.12345@192.0.2.1
        Max-Forwards: 70
        """;

    public static readonly Dictionary<string, (string Text, SipParseError Expected)> Cases = new()
    {
        // §3.1.1 valid messages.
        ["wsinv"] = ("""
            INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
            TO :
             sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
            from   : "J Rosenberg \\\""       <sip:jdrosen@example.com>
              ;
              tag = 98asjd8
            MaX-fOrWaRdS: 0068
            Call-ID: wsinv.ndaksdj@192.0.2.1
            Content-Length   : {CL}
            cseq: 0009
              INVITE
            Via  : SIP  /   2.0
             /UDP
                192.0.2.2;branch=390skdjuw
            s :
            NewFangledHeader:   newfangled value
             continued newfangled value
            UnknownHeaderWithUnusualValue: ;;,,;;,;
            Content-Type: application/sdp
            Route:
             <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
            v:  SIP  / 2.0  / TCP     spindle.example.com   ;
              branch  =   z9hG4bK9ikj8  ,
             SIP  /    2.0   / UDP  192.168.255.111   ; branch=
             z9hG4bK30239
            m:"Quoted string \"\"" <sip:jdrosen@example.com> ; newparam =
                  newvalue ;
              secondparam ; q = 0.33

            v=0
            o=mhandley 29739 7272939 IN IP4 192.0.2.3
            s=-
            c=IN IP4 192.0.2.4
            t=0 0
            m=audio 49217 RTP/AVP 0 12
            m=video 3227 RTP/AVP 31
            a=rtpmap:31 LPC

            """, SipParseError.None),
        ["intmeth"] = ("""
            !interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0
            Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~
            To: "BEL:\ NUL:\  DEL:\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>
            From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%="работающий";tag=_token~1'+`*%!-.
            Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\/"][?}{
            CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~
            Max-Forwards: 255
            extensionHeader-!.%*+_`'~:﻿大停電
            Content-Length: 0


            """.Replace("BEL:\\ ", "BEL:\\\u0007", StringComparison.Ordinal).Replace("NUL:\\ ", "NUL:\\\0", StringComparison.Ordinal)
              .Replace("DEL:\\\"", "DEL:\\\u007F\"", StringComparison.Ordinal), SipParseError.None),
        ["esc01"] = ("""
            INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
            To: sip:%75se%72@example.com
            From: <sip:I%20have%20spaces@example.net>;tag=938
            Max-Forwards: 87
            i: esc01.239409asdfakjkn23onasd0-3234
            CSeq: 234234 INVITE
            Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
            C: application/sdp
            Contact:
              <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
            Content-Length: {CL}

            v=0
            o=mhandley 29739 7272939 IN IP4 192.0.2.1

            """, SipParseError.None),
        ["escnull"] = ("""
            REGISTER sip:example.com SIP/2.0
            To: sip:null-%00-null@example.com
            From: sip:null-%00-null@example.com;tag=839923423
            Max-Forwards: 70
            Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
            CSeq: 14398234 REGISTER
            Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
            Contact: <sip:%00@host5.example.com>
            Contact: <sip:%00%00@host5.example.com>
            L:0


            """, SipParseError.None),
        ["esc02"] = ("""
            RE%47IST%45R sip:registrar.example.com SIP/2.0
            To: "%Z%45" <sip:resource@example.com>
            From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23
            Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
            Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234
            CSeq: 29344 RE%47IST%45R
            Max-Forwards: 70
            Contact: <sip:alias1@host1.example.com>
            C%6Fntact: <sip:alias2@host2.example.com>
            Contact: <sip:alias3@host3.example.com>
            l: 0


            """, SipParseError.None),
        ["lwsdisp"] = ("""
            OPTIONS sip:user@example.com SIP/2.0
            To: sip:user@example.com
            From: caller<sip:caller@example.com>;tag=323
            Max-Forwards: 70
            Call-ID: lwsdisp.1234abcd@funky.example.com
            CSeq: 60 OPTIONS
            Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
            l: 0


            """, SipParseError.None),
        ["longreq"] = (LongRequest(), SipParseError.None),
        ["dblreq"] = ("""
            REGISTER sip:example.com SIP/2.0
            To: sip:j.user@example.com
            From: sip:j.user@example.com;tag=43251j3j324
            Max-Forwards: 8
            I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
            Contact: sip:j.user@host.example.com
            CSeq: 8 REGISTER
            Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492
            Content-Length: 0


            INVITE sip:joe@example.com SIP/2.0
            t: sip:joe@example.com
            From: sip:caller@example.net;tag=141334
            Max-Forwards: 8
            Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
            CSeq: 8 INVITE
            Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
            Content-Length: 0


            """, SipParseError.None),
        ["semiuri"] = ("""
            OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
            To: sip:j_user@example.com
            From: sip:caller@example.org;tag=33242
            Max-Forwards: 3
            Call-ID: semiuri.0ha0isndaksdj
            CSeq: 8 OPTIONS
            Accept: application/sdp, application/pkcs7-mime,
                    multipart/mixed, multipart/signed,
                    message/sip, message/sipfrag
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
            l: 0


            """, SipParseError.None),
        ["transports"] = ("""
            OPTIONS sip:user@example.com SIP/2.0
            To: sip:user@example.com
            From: <sip:caller@example.com>;tag=323
            Max-Forwards: 70
            Call-ID:  transports.kijh4akdnaqjkwendsasfdj
            Accept: application/sdp
            CSeq: 60 OPTIONS
            Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
            Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
            Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
            Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
            Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
            l: 0


            """, SipParseError.None),
        ["mpart01"] = (MultipartRequest(), SipParseError.None),
        ["unreason"] = ("""
            SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое
            Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
            Call-ID: unreason.1234ksdfak3j2erwedfsASdf
            CSeq: 35 INVITE
            From: sip:user@example.com;tag=11141343
            To: sip:user@example.edu;tag=2229
            Content-Length: 0
            Contact: <sip:user@host198.example.com>


            """, SipParseError.None),
        ["noreason"] = ("""
            SIP/2.0 100 
            Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
            Call-ID: noreason.asndj203insdf99223ndf
            CSeq: 35 INVITE
            From: <sip:user@example.com>;tag=39ansfi3
            To: <sip:user@example.edu>;tag=902jndnke3
            Content-Length: 0


            """, SipParseError.None),
        ["ipv6"] = ($"""
            OPTIONS sip:[2001:db8::10]:5070 SIP/2.0
            Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;received=[2001:db8::9:255]
            {Common[Common.IndexOf("From", StringComparison.Ordinal)..]}
            CSeq: 1 OPTIONS
            Contact: "Caller" <sip:caller@[2001:db8::9:1]:5060>
            l: 0


            """, SipParseError.None),

        ["foldedaddrspec"] = ("""
            OPTIONS sip:user@example.com SIP/2.0
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKfold
            To: sip:user@example.com
             ;tag=folded
            From: sip:caller@example.net
            	;tag=tabbed
            Call-ID: fold.1@192.0.2.1
            CSeq: 1 OPTIONS
            l: 0


            """, SipParseError.None),

        // §3.1.2 invalid messages.
        ["badinv01"] = ("""
            INVITE sip:user@example.com SIP/2.0
            To: sip:j.user@example.com
            From: sip:caller@example.net;tag=134161461246
            Max-Forwards: 7
            Call-ID: badinv01.0ha0isndaksdjasdf3234nas
            CSeq: 8 INVITE
            Via: SIP/2.0/UDP 192.0.2.15;;,;,,
            Contact: "Joe" <sip:joe@example.org>;;,;,,
            Content-Length: 0


            """, SipParseError.BadVia),
        ["clerr"] = ($"""
            INVITE sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 INVITE
            Content-Type: application/sdp
            Content-Length: 9999

            v=0
            o=mhandley 29739 7272939 IN IP4 192.0.2.155

            """, SipParseError.BodyTooShort),
        ["scalar02"] = ($"""
            REGISTER sip:example.com SIP/2.0
            {Common}
            CSeq: 1 REGISTER
            Content-Length: -999


            """, SipParseError.BadContentLength),
        ["scalarlg-cseq"] = ($"""
            REGISTER sip:example.com SIP/2.0
            {Common}
            CSeq: 36893488147419103232 REGISTER
            l: 0


            """, SipParseError.BadCSeq),
        ["scalarlg-maxforwards"] = ("""
            REGISTER sip:example.com SIP/2.0
            Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
            To: <sip:user@example.com>
            From: <sip:user@example.com>;tag=239232jh3
            CSeq: 1 REGISTER
            Call-ID: scalarlg.898asdkfjwi3
            Max-Forwards: 300
            l: 0


            """, SipParseError.BadMaxForwards),
        ["scalarlg-expires"] = ($"""
            REGISTER sip:example.com SIP/2.0
            {Common}
            CSeq: 1 REGISTER
            Expires: 10000000000000000000
            l: 0


            """, SipParseError.BadExpires),
        ["scalarlg-contact-expires"] = ($"""
            REGISTER sip:example.com SIP/2.0
            {Common}
            CSeq: 1 REGISTER
            Contact: <sip:user@host129.example.com>;expires=280297596632815
            l: 0


            """, SipParseError.BadContact),
        ["quotbal"] = ("""
            INVITE sip:user@example.com SIP/2.0
            To: "Mr. J. User <sip:j.user@example.com>
            From: sip:caller@example.net;tag=93334
            Max-Forwards: 10
            Call-ID: quotbal.aksdj
            Contact: <sip:caller@host59.example.net>
            CSeq: 8 INVITE
            Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
            l: 0


            """, SipParseError.BadTo),
        ["ltgtruri"] = ($"""
            INVITE <sip:user@example.com> SIP/2.0
            {Common}
            CSeq: 1 INVITE
            l: 0


            """, SipParseError.BadRequestUri),
        ["lwsruri"] = ($"""
            INVITE sip:user@example.com; lr SIP/2.0
            {Common}
            CSeq: 1 INVITE
            l: 0


            """, SipParseError.BadRequestLine),
        ["lwsstart"] = ($"""
            INVITE  sip:user@example.com  SIP/2.0
            {Common}
            CSeq: 1 INVITE
            l: 0


            """, SipParseError.BadRequestLine),
        ["trws"] = ($"""
            OPTIONS sip:remote-target@example.com SIP/2.0  
            {Common}
            CSeq: 1 OPTIONS
            l: 0


            """, SipParseError.BadRequestLine),
        ["escruri"] = ($"""
            INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0
            {Common}
            CSeq: 1 INVITE
            l: 0


            """, SipParseError.BadRequestUri),
        ["baddate"] = ($"""
            INVITE sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 INVITE
            Date: Fri, 01 Jan 2010 16:00:00 EST
            l: 0


            """, SipParseError.None),
        ["regbadct"] = ($"""
            REGISTER sip:example.com SIP/2.0
            {Common}
            CSeq: 1 REGISTER
            Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E
            l: 0


            """, SipParseError.BadContact),
        ["badaspec"] = ("""
            OPTIONS sip:user@example.org SIP/2.0
            Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
            Max-Forwards: 70
            From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
            To: "Watson, Thomas" < sip:t.watson@example.org >
            Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
            CSeq: 3923239 OPTIONS
            l: 0


            """, SipParseError.BadTo),
        ["baddn"] = ("""
            OPTIONS sip:t.watson@example.org SIP/2.0
            Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
            Max-Forwards:      70
            From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43
            To:      Watson, Thomas <sip:t.watson@example.org>
            Call-ID: baddn.31415@c.example.com
            CSeq: 3923239 OPTIONS
            l: 0


            """, SipParseError.BadFrom),
        ["badvers"] = ("""
            OPTIONS sip:t.watson@example.org SIP/7.0
            Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
            Max-Forwards:     70
            From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
            To:      T. Watson <sip:t.watson@example.org>
            Call-ID: badvers.31417@c.example.com
            CSeq:    1 OPTIONS
            l: 0


            """, SipParseError.BadVersion),
        ["mismatch01"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common}
            CSeq: 8 INVITE
            l: 0


            """, SipParseError.CSeqMethodMismatch),
        ["mismatch02"] = ($"""
            NEWMETHOD sip:user@example.com SIP/2.0
            {Common}
            CSeq: 8 INVITE
            l: 0


            """, SipParseError.CSeqMethodMismatch),
        ["bigcode"] = ("""
            SIP/2.0 4294967301 better not break the receiver
            Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
            Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i
            CSeq: 353494 INVITE
            From: <sip:user@example.com>;tag=39ansfi3
            To: <sip:user@example.edu>;tag=902jndnke3
            Content-Length: 0


            """, SipParseError.BadStatusLine),
        ["nulinheader"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 OPTIONS
            Subject: a{'\0'}b
            l: 0


            """, SipParseError.BadHeaderSyntax),
        ["colonless"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 OPTIONS
            ThisIsNotAHeader
            l: 0


            """, SipParseError.BadHeaderSyntax),
        ["noheaderend"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 OPTIONS
            """, SipParseError.IncompleteHeaders),

        // §3.2 / §3.3: syntactically valid; the transaction or application layer decides.
        ["badbranch"] = ("""
            OPTIONS sip:user@example.com SIP/2.0
            To: sip:user@example.com
            From: sip:caller@example.org;tag=33242
            Max-Forwards: 3
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK
            Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n
            CSeq: 8 OPTIONS
            l: 0


            """, SipParseError.None),
        ["insuf"] = ("""
            INVITE sip:user@example.com SIP/2.0
            CSeq: 193942 INVITE
            Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf
            l: 0


            """, SipParseError.MissingFrom),
        ["missing-callid"] = ("""
            OPTIONS sip:user@example.com SIP/2.0
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx
            From: <sip:caller@example.net>;tag=1
            To: <sip:user@example.com>
            CSeq: 1 OPTIONS
            l: 0


            """, SipParseError.MissingCallId),
        ["multi01"] = ($"""
            INVITE sip:user@company.com SIP/2.0
            {Common}
            Call-ID: multi01.98asdh@192.0.2.2
            CSeq: 59 INVITE
            l: 0


            """, SipParseError.DuplicateHeader),
        ["mcl01"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 OPTIONS
            Content-Length: 0
            Content-Length: 2


            """, SipParseError.DuplicateHeader),
        ["bcast"] = ($"""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
            Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23
            Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf
            CSeq: 35 INVITE
            From: sip:user@example.com;tag=11141343
            To: sip:user@example.edu;tag=2229
            Content-Length: 0


            """, SipParseError.None),
        ["bext01"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common}
            CSeq: 1 OPTIONS
            Require: nothingSupportedHere
            l: 0


            """, SipParseError.None),
        ["novelsc"] = ("""
            OPTIONS sip:user@example.com SIP/2.0
            To: isbn:2983792873
            From: <http://www.example.com>;tag=3234233
            Call-ID: novelsc.asdfasser0q239nwsdfasdkl34
            CSeq: 3923423 OPTIONS
            Max-Forwards: 7
            Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
            l: 0


            """, SipParseError.None),
        ["unksm"] = ($"""
            OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0
            {Common}
            CSeq: 1 OPTIONS
            l: 0


            """, SipParseError.UnsupportedUriScheme),
        ["unksm2"] = ($"""
            REGISTER soap.beep://192.0.2.103:3002 SIP/2.0
            {Common}
            CSeq: 1 REGISTER
            l: 0


            """, SipParseError.UnsupportedUriScheme),
        ["zeromf"] = ($"""
            OPTIONS sip:user@example.com SIP/2.0
            {Common.Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal)}
            CSeq: 1 OPTIONS
            l: 0


            """, SipParseError.None),
        ["regescrt"] = ($"""
            REGISTER sip:example.com SIP/2.0
            {Common}
            CSeq: 1 REGISTER
            Contact: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>
            l: 0


            """, SipParseError.None),
        ["inv2543"] = ("""
            INVITE sip:UserB@example.com SIP/2.0
            Via: SIP/2.0/UDP iftgw.example.com
            From: <sip:+13035551111@ift.client.example.net;user=phone>
            Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>
            To: sip:+16505552222@ss1.example.net;user=phone
            Call-ID: inv2543.1717@ift.client.example.com
            CSeq: 56 INVITE
            l: 0


            """, SipParseError.None),
    };

    private static string LongRequest()
    {
        var sb = new System.Text.StringBuilder();
        string longToken = new('a', 2000);
        sb.Append("INVITE sip:user@example.com SIP/2.0\n");
        sb.Append("To: \"I have a user name of ").Append(new string('x', 1500)).Append("\" <sip:user@example.com>\n");
        sb.Append("From: sip:caller@example.net;tag=").Append(longToken).Append('\n');
        sb.Append("Call-ID: longreq.").Append(longToken).Append('\n');
        sb.Append("CSeq: 1 INVITE\nMax-Forwards: 70\n");
        sb.Append("Unknown-LongHeader: ").Append(new string('z', 4000)).Append('\n');
        for (int i = 40; i > 0; i--)
        {
            sb.Append(i % 2 == 0 ? "Via" : "v").Append(": SIP/2.0/TCP sip").Append(i).Append(".example.com;branch=z9hG4bK").Append(i).Append('\n');
        }

        sb.Append("l: 0\n\n");
        return sb.ToString();
    }

    private static string MultipartRequest() => """
        MESSAGE sip:kumiko@example.org SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport
        Max-Forwards: 70
        Route: <sip:127.0.0.1:5080>
        Contact: <sip:fluffy@127.0.0.1:5070>
        To: <sip:kumiko@example.org>
        From: <sip:fluffy@example.com>;tag=2fb0dcc9
        Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..
        CSeq: 1 MESSAGE
        Content-Transfer-Encoding: binary
        Content-Type: multipart/mixed;boundary=7a9cbec02ceef655
        Date: Sat, 15 Oct 2005 04:44:56 GMT
        User-Agent: SIPimp.org/0.2.5 (curses)
        Content-Length: {CL}

        --7a9cbec02ceef655
        Content-Type: text/plain
        Content-Transfer-Encoding: binary

        Hello
        --7a9cbec02ceef655
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: binary

        ÿþýüûú
        --7a9cbec02ceef655--

        """;
}
